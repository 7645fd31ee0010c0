TITLE pas: passive membrane leak

COMMENT
A voltage-independent leak conductance g in series with a battery e.
The membrane current density is Ohmic:

    i = g * (v - e)        (mA/cm2)

It carries no particular ion (NONSPECIFIC_CURRENT). Defaults are those
of NEURON's built-in `pas`: g = 0.001 S/cm2, e = -70 mV.
ENDCOMMENT

NEURON {
    SUFFIX pas
    NONSPECIFIC_CURRENT i
    RANGE g, e
}

UNITS {
    (mV) = (millivolt)
    (mA) = (milliamp)
    (S)  = (siemens)
}

PARAMETER {
    g = 0.001 (S/cm2) <0, 1e9>
    e = -70   (mV)
}

ASSIGNED {
    v (mV)
    i (mA/cm2)
}

BREAKPOINT {
    i = g * (v - e)
}
