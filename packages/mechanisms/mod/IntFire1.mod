TITLE IntFire1: leaky integrate-and-fire cell driven only by events

COMMENT
An artificial cell: no section, no BREAKPOINT; all of its state changes
happen when an event arrives, and it is solved analytically in between.

The membrane state m decays with time constant tau: m(t) = m(t0)*exp(-(t - t0)/tau).
An input event of weight w adds w to m at its arrival time. When m exceeds 1
the cell fires (net_event at that time), enters a refractory period of
`refrac` ms (m is shown as 2, inputs are ignored) and then restarts from
m = 0. The end of the refractory period is a self-event with flag 1.

M() gives the membrane state at the current time for plotting: the decayed
m while integrating; while refractory 2 during the first 0.5 ms and -1 after
(a drawn spike).
ENDCOMMENT

NEURON {
    ARTIFICIAL_CELL IntFire1
    RANGE tau, refrac, m
}

PARAMETER {
    tau = 10 (ms)
    refrac = 5 (ms)
}

ASSIGNED {
    m
    t0 (ms)
    refractory
}

INITIAL {
    m = 0
    t0 = t
    refractory = 0
}

FUNCTION M() {
    if (refractory == 0) {
        M = m*exp(-(t - t0)/tau)
    } else if (refractory == 1) {
        if (t - t0 < .5) {
            M = 2
        } else {
            M = -1
        }
    }
}

NET_RECEIVE (w) {
    if (refractory == 0) {
        : bring m up to the present, then add the input
        m = m*exp(-(t - t0)/tau)
        t0 = t
        m = m + w
        if (m > 1) {
            refractory = 1
            m = 2
            net_send(refrac, refractory)   : flag 1: end of the refractory period
            net_event(t)
        }
    } else if (flag == 1) {
        t0 = t
        refractory = 0
        m = 0
    }
}
