TITLE ExpSyn: synaptic conductance with an instantaneous rise and a single exponential decay

COMMENT
Each event that arrives through a NetCon adds its weight (uS) to the
conductance g, which then decays back to zero with time constant tau:

    dg/dt = -g/tau,        i = g*(v - e)

i is a membrane current (positive = outward). Events add linearly, so one
instance can serve any number of NetCons; the NetCon weight is the jump in g.

The decay is integrated with cnexp, i.e. g is multiplied by the exact
decay factor of one step. The DERIVATIVE is written as -g/tau (not
-(1/tau)*g) so that the generated update has NEURON's floating-point order.
ENDCOMMENT

NEURON {
    POINT_PROCESS ExpSyn
    RANGE tau, e, i
    NONSPECIFIC_CURRENT i
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    tau = 0.1 (ms) <1e-9, 1e9>
    e = 0 (mV)
}

ASSIGNED {
    v (mV)
    i (nA)
}

STATE {
    g (uS)
}

INITIAL {
    g = 0
}

BREAKPOINT {
    SOLVE decay METHOD cnexp
    i = g*(v - e)
}

DERIVATIVE decay {
    g' = -g/tau
}

NET_RECEIVE(weight (uS)) {
    g = g + weight
}
