TITLE IntFire4: integrate-and-fire cell with exponential excitation and alpha-like inhibition

COMMENT
An artificial cell with four linear variables, solved in closed form between
events (rate constants k = 1/tau):

    de/dt  = -ke*e                      excitatory current; w > 0 adds w to e
    di1/dt = -ki1*i1                    inhibition, first stage; w <= 0 adds w to i1
    di2/dt = -ki2*i2 + ai1*i1           inhibition, second stage
    dm/dt  = -km*m + ae*e + ai2*i2      membrane state

The cell fires when m reaches 1 - eps (net_event) and m restarts from 0;
the currents are not reset. Normalisation (computed in INITIAL by factors()):
a single excitatory event of weight 1 gives a peak m of 1, a single
inhibitory event of weight -1 gives a peak i2 of -1 and a peak m of -1.
For the inhibitory part the time of the extremum of m is found numerically
(search(): a decade search for a sign change of the slope, then bisection
to 1e-6 ms).

The solution over an interval d (newstates) is

    e(d)  = e*exp(-ke*d)
    i1(d) = i1*exp(-ki1*d)
    i2(d) = i2*exp(-ki2*d) + bi1*i1*(exp(-ki2*d) - exp(-ki1*d))
    m(d)  = m*exp(-km*d) + be*e*(exp(-km*d) - exp(-ke*d))
            + (bi2*i2 + a*i1)*(exp(-km*d) - exp(-ki2*d)) - b*i1*(exp(-km*d) - exp(-ki1*d))

Firing times are not solved exactly. A self-event (flag 1) is kept at a
lower bound of the time m needs to reach 1, (1 - m)/slope with the present
slope of m (Carnevale and Hines, The NEURON Book, 2006; van Elburg and van
Ooyen 2009); at that event the cell fires if m > 1 - eps, and otherwise a
new bound is computed. Every input moves the self-event (net_move). The
bound is valid when taue < taui2 and taui1 < taui2; fixprecondition()
adjusts the time constants in INITIAL so that this holds and so that any two
of them differ by at least taueps (NEURON prints a warning for the two large
adjustments; this file does not print). The adjusted values stay in the
parameters.

E(), I() and M() give the excitatory current ae*e, the inhibitory current
ai2*i2 and m at the current time, for plotting. nself, nexcite and ninhibit
count the self-events, excitatory and inhibitory inputs.
ENDCOMMENT

NEURON {
    ARTIFICIAL_CELL IntFire4
    RANGE taue, taui1, taui2, taum, e, i1, i2, m, ae, ai2, ai1
    RANGE nself, nexcite, ninhibit
    GLOBAL eps, taueps
}

PARAMETER {
    taue = 5 (ms) <0, 1e9>
    taui1 = 10 (ms) <0, 1e9>
    taui2 = 20 (ms) <0, 1e9>
    taum = 50 (ms) <0, 1e9>
    ib = 0
    eps = 1e-6 <1e-9, 0.01>
    taueps = 0.01 <1e-9, 1e9>
}

ASSIGNED {
    e
    i1
    i2
    m
    enew
    i1new
    i2new
    mnew
    t0 (ms)
    nself
    nexcite
    ninhibit
    ke (1/ms)
    ki1 (1/ms)
    ki2 (1/ms)
    km (1/ms)
    ae (1/ms)
    ai1 (1/ms)
    ai2 (1/ms)
    be
    bi1
    bi2
    a
    b
    tau_swap (ms)
    searchfailed
}

PROCEDURE newstates(d (ms)) {
    : enew, i1new, i2new, mnew = the state d ms after t0
    LOCAL ee, ei1, ei2, em
    ee = exp(-ke*d)
    ei1 = exp(-ki1*d)
    ei2 = exp(-ki2*d)
    em = exp(-km*d)
    enew = e*ee
    i1new = i1*ei1
    i2new = i2*ei2 + bi1*i1*(ei2 - ei1)
    mnew = m*em + be*e*(em - ee) + (bi2*i2 + a*i1)*(em - ei2) - b*i1*(em - ei1)
}

FUNCTION M() {
    newstates(t - t0)
    M = mnew
}

FUNCTION E() {
    newstates(t - t0)
    E = ae*enew
}

FUNCTION I() {
    newstates(t - t0)
    I = ai2*i2new
}

PROCEDURE update() {
    e = enew
    i1 = i1new
    i2 = i2new
    m = mnew
    t0 = t
}

PROCEDURE fixprecondition() {
    : lower limits that keep every later shift away from zero
    if (taui2 < 4*taueps) {
        taui2 = 4*taueps
    }
    if (taui1 < 3*taueps) {
        taui1 = 3*taueps
    }
    if (taue < 2*taueps) {
        taue = 2*taueps
    }
    : taue < taui2
    if (taue > taui2) {
        tau_swap = taue
        taue = taui2 - taueps
    } else if (taui2 - taue < taueps) {
        taue = taui2 - taueps
    }
    : taui1 < taui2 (exchange them if needed); taui2 is final after this
    if (taui1 > taui2) {
        tau_swap = taui2
        taui2 = taui1
        taui1 = tau_swap
    }
    if (taui2 - taui1 < taueps) {
        taui1 = taui2 - taueps
    }
    : taum at least taueps away from each of the others
    if (taum <= taui2) {
        if (taui2 - taum < taueps) {
            taum = taui2 - taueps
        }
        if (fabs(taui1 - taum) < taueps) {
            taum = taui1 - taueps
        }
        if (fabs(taui1 - taum) < taueps) {
            if (taui1 - taum < 0) {
                taum = taui1 - taueps
            } else {
                taui1 = taum - taueps
            }
        }
        if (fabs(taue - taum) < taueps) {
            if (taue - taum < 0) {
                taum = taue - taueps
            } else {
                taue = taum - taueps
            }
        }
        if (fabs(taui1 - taum) < taueps) {
            taum = taui1 - taueps
        }
    } else if (taum - taui2 < taueps) {
        taum = taui2 + taueps
    }
}

PROCEDURE factors() {
    LOCAL tp
    ke = 1/taue
    ki1 = 1/taui1
    ki2 = 1/taui2
    km = 1/taum
    : excitation: peak of m after e = 1 is 1
    tp = log(km/ke)/(km - ke)
    be = 1/(exp(-km*tp) - exp(-ke*tp))
    ae = be*(ke - km)
    : inhibition: peak of i2 after i1 = 1 is 1
    tp = log(ki2/ki1)/(ki2 - ki1)
    bi1 = 1/(exp(-ki2*tp) - exp(-ki1*tp))
    ai1 = bi1*(ki1 - ki2)
    : inhibition: peak of m after i1 = 1 is 1; first with bi2 = 1 ...
    e = 0
    i1 = 1
    i2 = 0
    m = 0
    bi2 = 1
    ai2 = bi2*(ki2 - km)
    a = bi2*bi1
    b = a*(ki2 - km)/(ki1 - km)
    tp = search()
    : ... then rescaled by the m reached at the extremum
    newstates(tp)
    bi2 = 1/mnew
    ai2 = bi2*(ki2 - km)
    a = bi2*bi1
    b = a*(ki2 - km)/(ki1 - km)
    newstates(tp)
    i1 = 0
}

FUNCTION deriv(d (ms)) (/ms2) {
    : has the sign of dm/dt at d after a unit i1 (not its magnitude)
    deriv = (-km*exp(-d*km) + ki2*exp(-d*ki2))/(ki2 - km) - ((-km*exp(-d*km) + ki1*exp(-d*ki1)))/(ki1 - km)
}

FUNCTION search() (ms) {
    LOCAL x, t1, t2
    t1 = 1
    searchfailed = 0
    : bracket the zero of deriv between t1 and t2 = 10*t1
    if (deriv(t1) < 0) {
        while (deriv(t1) < 0 && t1 > 1e-9) {
            t2 = t1
            t1 = t1/10
        }
        if (deriv(t1) < 0) {
            searchfailed = 1
            search = 1e-9
        }
    } else {
        t2 = t1
        while (deriv(t2) > 0 && t2 < 1e9) {
            t1 = t2
            t2 = t2*10
        }
        if (deriv(t2) > 0) {
            searchfailed = 1
            search = 1e9
        }
    }
    : bisection
    while (t2 - t1 > 1e-6 && searchfailed == 0) {
        search = (t1 + t2)/2
        x = deriv(search)
        if (x > 0) {
            t1 = search
        } else {
            t2 = search
        }
    }
}

INITIAL {
    fixprecondition()
    factors()
    e = 0
    i1 = 0
    i2 = 0
    m = 0
    t0 = t
    net_send(firetimebound(), 1)
    nself = 0
    nexcite = 0
    ninhibit = 0
}

NET_RECEIVE (w) {
    newstates(t - t0)
    update()
    if (m > 1 - eps) {
        net_event(t)
        m = 0
    }
    if (flag == 1) {
        nself = nself + 1
        net_send(firetimebound(), 1)
    } else {
        if (w > 0) {
            nexcite = nexcite + 1
            e = e + w
        } else {
            ninhibit = ninhibit + 1
            i1 = i1 + w
        }
        net_move(firetimebound() + t)
    }
}

FUNCTION firetimebound() (ms) {
    : time to reach 1 at the present slope of m (a lower bound), 1e9 if not rising
    LOCAL slope
    slope = -km*m + ae*e + ai2*i2
    if (slope <= 1e-9) {
        firetimebound = 1e9
    } else {
        firetimebound = (1 - m)/slope
    }
}
