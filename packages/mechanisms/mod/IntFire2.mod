TITLE IntFire2: integrate-and-fire cell with a decaying synaptic current

COMMENT
An artificial cell with two linear first-order variables, solved in closed
form between events:

    taus*di/dt + i = ib       synaptic current; an event of weight w adds w to i
    taum*dm/dt + m = i        membrane state

The cell fires when m reaches 1 (net_event) and m restarts from 0; i is not
reset. taum < taus is required (INITIAL sets taus = taum + 0.1 otherwise).

With x = (i(t0) - ib)*exp(-(t - t0)/taus) and f = taus/(taus - taum):

    i(t) = ib + x
    m(t) = ib + f*x + (m(t0) - (ib + (i(t0) - ib)*f))*exp(-(t - t0)/taum)

The next firing time is kept on the queue as one self-event (flag 1) that is
moved (net_move) whenever an input changes the trajectory. firetime(a, b, c)
is the first s > 0 with

    1 = a + b*exp(-s/taus) + (c - a - b)*exp(-s/taum)

(1e9 when there is none), found by Newton's method on the variable
x = exp(-s/taum) (or exp(-s/taus)) in (0, 1]. newton1(a, b, c, r, x) solves
1 = a + b*x^r + c*x from the start value x and gives up after 10 iterations
(NEURON prints a diagnostic line then; this file does not print).
ENDCOMMENT

NEURON {
    ARTIFICIAL_CELL IntFire2
    RANGE taus, taum, ib, i, m
}

PARAMETER {
    taus = 20 (ms)
    taum = 10 (ms)
    ib = 0
}

ASSIGNED {
    i
    m
    t0 (ms)
}

FUNCTION M() {
    LOCAL x, f
    f = taus/(taus - taum)
    x = (i - ib)*exp(-(t - t0)/taus)
    M = ib + f*x + (m - (ib + (i - ib)*f))*exp(-(t - t0)/taum)
}

FUNCTION I() {
    LOCAL x, f
    f = taus/(taus - taum)
    x = (i - ib)*exp(-(t - t0)/taus)
    I = x + ib
}

INITIAL {
    i = ib
    m = 0
    if (taus <= taum) {
        taus = taum + .1
    }
    t0 = t
    net_send(firetime(ib, 0, 0), 1)
}

NET_RECEIVE (w) {
    LOCAL x, inew, f, ibf
    f = taus/(taus - taum)
    x = (i - ib)*exp(-(t - t0)/taus)
    inew = ib + x
    if (flag == 1) {
        : the self-event: m has reached 1 now
        net_event(t)
        m = 0
        ibf = (inew - ib)*f
        net_send(firetime(ib, ibf, 0), 1)
    } else {
        : an input: advance m to now, add w to the current, re-aim the self-event
        m = ib + f*x + (m - (ib + (i - ib)*f))*exp(-(t - t0)/taum)
        inew = inew + w
        if (m >= 1) {
            net_move(t)
        } else {
            ibf = (inew - ib)*f
            net_move(firetime(ib, ibf, m) + t)
        }
    }
    t0 = t
    i = inew
}

FUNCTION firetime(a, b, c) (ms) {
    LOCAL r, cab, x, m, f
    r = taum/taus
    if (a <= 1 && a + b <= 1) {
        : the asymptote and the current's contribution stay below 1
        firetime = 1e9
    } else if (a > 1 && b <= 0) {
        : a > 1: exactly one root; choose the variable in which Newton converges
        cab = c - a - b
        m = r*b + cab   : slope at x = 1
        if (m >= 0) {
            firetime = -taus * log(newton1(a, cab, b, 1/r, 0))
        } else {
            x = (1 - c + m)/m   : where the tangent at x = 1 reaches 1
            if (x <= 0) {
                firetime = -taus*log(newton1(a, cab, b, 1/r, 0))
            } else {
                firetime = -taum*log(newton1(a, b, cab, r, x))
            }
        }
    } else {
        : a root exists only if the maximum of the trajectory exceeds 1;
        : Newton from the tangent at x = 1 then reaches the first one
        cab = c - a - b
        x = (-cab/(r*b))^(1/(r-1))   : location of the maximum
        f = a + b*x^r + cab*x
        if (x >= 1 || f <= 1) {
            firetime = 1e9
        } else {
            m = r*b + cab
            x = (1 - c + m)/m
            firetime = -taum*log(newton1(a, b, cab, r, x))
        }
    }
}

FUNCTION newton1(a, b, c, r, x) {
    : root of a + b*x^r + c*x = 1 in 0 < x <= 1, from the start value x
    LOCAL dx, f, df, iter
    dx = 1
    f = 0
    iter = 0
    while (fabs(dx) > 1e-6 || fabs(f - 1) > 1e-6) {
        f = a + b*x^r + c*x
        df = r*b*x^(r-1) + c
        dx = (1 - f)/df
        x = x + dx
        if (x <= 0) {
            x = 1e-4
        } else if (x > 1) {
            x = 1
        }
        iter = iter + 1
        if (iter > 10) {
            : no convergence: stop with the current x
            f = 1
            dx = 0
        }
    }
    newton1 = x
}
