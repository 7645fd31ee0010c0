TITLE hh: Hodgkin-Huxley (1952) sodium, potassium and leak currents

COMMENT
The squid giant axon model of Hodgkin & Huxley, J. Physiol. 117:500-544
(1952), in the modern sign convention (v = membrane potential in mV,
rest near -65 mV, outward current positive).

    ina = gnabar * m^3 * h * (v - ena)
    ik  = gkbar  * n^4     * (v - ek)
    il  = gl               * (v - el)

Each gate x in {m, h, n} relaxes to its steady state:

    dx/dt = (xinf(v) - x) / xtau(v),   xinf = a/(a+b),  xtau = 1/(q10*(a+b))

with the opening rate a(v) and closing rate b(v) (1/ms) fitted by Hodgkin
and Huxley at 6.3 degC, and the temperature factor q10 = 3^((celsius-6.3)/10).

Conventions kept identical to NEURON's built-in `hh`, so that the two
agree bit for bit: the same rate expressions in the same floating-point
order, vtrap() for the removable singularities of the m and n opening
rates, the 201-point table of the six gate functions on -100..100 mV
(rebuilt when celsius changes; disabled with usetable_hh = 0), cnexp
integration, and m, h, n started at their steady state in INITIAL.
ENDCOMMENT

NEURON {
    SUFFIX hh
    USEION na READ ena WRITE ina
    USEION k READ ek WRITE ik
    NONSPECIFIC_CURRENT il
    RANGE gnabar, gkbar, gl, el, gna, gk
    GLOBAL minf, hinf, ninf, mtau, htau, ntau
    THREADSAFE : the GLOBAL gate functions are per-thread scratch values
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S)  = (siemens)
}

PARAMETER {
    gnabar = 0.12   (S/cm2) <0, 1e9>
    gkbar  = 0.036  (S/cm2) <0, 1e9>
    gl     = 0.0003 (S/cm2) <0, 1e9>
    el     = -54.3  (mV)
}

STATE {
    m h n
}

ASSIGNED {
    v       (mV)
    celsius (degC)
    ena     (mV)
    ek      (mV)

    gna (S/cm2)
    gk  (S/cm2)
    ina (mA/cm2)
    ik  (mA/cm2)
    il  (mA/cm2)

    minf hinf ninf
    mtau (ms)
    htau (ms)
    ntau (ms)
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    gna = gnabar*m*m*m*h
    ina = gna*(v - ena)
    gk = gkbar*n*n*n*n
    ik = gk*(v - ek)
    il = gl*(v - el)
}

INITIAL {
    rates(v)
    m = minf
    h = hinf
    n = ninf
}

DERIVATIVE states {
    rates(v)
    m' = (minf - m)/mtau
    h' = (hinf - h)/htau
    n' = (ninf - n)/ntau
}

PROCEDURE rates(v (mV)) {
    : Steady states and time constants of the three gates at potential v.
    : a = opening rate, b = closing rate (1/ms); s = a + b.
    LOCAL a, b, s, q10
    TABLE minf, mtau, hinf, htau, ninf, ntau DEPEND celsius FROM -100 TO 100 WITH 200

UNITSOFF
    q10 = 3^((celsius - 6.3)/10)

    : m, sodium activation
    a = .1 * vtrap(-(v + 40), 10)
    b = 4 * exp(-(v + 65)/18)
    s = a + b
    mtau = 1/(q10*s)
    minf = a/s

    : h, sodium inactivation
    a = .07 * exp(-(v + 65)/20)
    b = 1/(exp(-(v + 35)/10) + 1)
    s = a + b
    htau = 1/(q10*s)
    hinf = a/s

    : n, potassium activation
    a = .01 * vtrap(-(v + 55), 10)
    b = .125 * exp(-(v + 65)/80)
    s = a + b
    ntau = 1/(q10*s)
    ninf = a/s
UNITSON
}

FUNCTION vtrap(x, y) {
    : x/(exp(x/y) - 1), which is 0/0 at x = 0; near there use its
    : first-order expansion y*(1 - x/(2y)).
    if (fabs(x/y) < 1e-6) {
        vtrap = y*(1 - x/y/2)
    } else {
        vtrap = x/(exp(x/y) - 1)
    }
}
