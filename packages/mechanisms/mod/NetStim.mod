TITLE NetStim: a spike generator (regular, or with exponentially distributed intervals)

COMMENT
An artificial cell that emits `number` events (net_event), the first
around `start`, then one every `interval` ms on average.

noise (0..1) mixes a fixed and a random part of each interval:

    interval_k = (1 - noise)*interval + noise*interval*X,   X ~ exponential, mean 1

and the first event is at start + interval_1 - interval*(1 - noise), not
before 0. With noise = 0 the events are at start, start + interval, ...
exactly; with noise = 1 they are a Poisson train of rate 1/interval.

Random numbers, X = erand():
* after noiseFromRandom123(id1, id2, id3) the instance draws from its own
  Random123 stream (the RANDOM variable ranvar, see NMODL's RANDOM
  construct): X = random_negexp(ranvar), i.e. -log(u) of the stream's next
  uniform u. finitialize restarts the stream at sequence 0, so every run
  repeats the same train;
* after noiseFromRandom(r), r a Random (set to negexp(1) by the caller), X
  is r's next draw (r.repick(), by nrn_random_pick from the POINTER slot
  donotuse); finitialize does not restart r; noiseFromRandom() without an
  argument goes back to exprand;
* otherwise X = exprand(1), drawn from the single generator shared by all
  mechanisms (its seed is set with seed(x), i.e. set_seed; it is not
  restarted by finitialize).

Events received through a NetCon (flag 0): a positive weight starts a new
train at once if none is running (first event after interval*noise*X, i.e.
immediately when noise = 0); a negative weight stops the train.

Self-events: flag 3 comes from INITIAL at the time of the first event and
starts the train; flag 1 is each following event of the train.

Differences from NEURON's file (see references/NOTES.md):
* noiseFromRandom123 takes exactly three ids (NEURON also accepts two, with
  id3 = 0);
* the choice between the per-instance stream and exprand is made per
  instance (NEURON makes it once for all NetStims and refuses to mix);
* the stream is held by the RANDOM construct instead of C code, so this file
  needs a compiler/runtime that provides RANDOM, random_setids,
  random_setseq and random_negexp.
ENDCOMMENT

NEURON {
    ARTIFICIAL_CELL NetStim
    RANGE interval, number, start
    RANGE noise
    RANDOM ranvar
    POINTER donotuse
    THREADSAFE
}

PARAMETER {
    interval = 10 (ms) <1e-9, 1e9>  : mean time between events
    number = 10 <0, 1e9>            : number of events (with or without noise)
    start = 50 (ms)                 : time of the first event (its mean, with noise)
    noise = 0 <0, 1>                : fraction of each interval that is random
}

ASSIGNED {
    event (ms)
    on
    ispike
    usestream   : 1 after noiseFromRandom123 (draw from ranvar), 2 after noiseFromRandom(r)
    donotuse    : the Random of noiseFromRandom (a slot of C code)
}

CONSTRUCTOR {
    usestream = 0
}

INITIAL {
    if (usestream == 1) {
        random_setseq(ranvar, 0)
    }
    on = 0
    ispike = 0
    if (noise < 0) {
        noise = 0
    }
    if (noise > 1) {
        noise = 1
    }
    if (start >= 0 && number > 0) {
        on = 1
        : the first event: on average at start + noise*interval
        event = start + invl(interval) - interval*(1. - noise)
        if (event < 0) {
            event = 0
        }
        net_send(event, 3)
    }
}

PROCEDURE seed(x) {
    set_seed(x)
}

PROCEDURE noiseFromRandom123(id1, id2, id3) {
    random_setids(ranvar, id1, id2, id3)
    random_setseq(ranvar, 0)
    usestream = 1
}

PROCEDURE noiseFromRandom() {
VERBATIM
    void** slot = (void**)(&_p_donotuse);
    *slot = ifarg(1) ? nrn_random_arg(1) : (void*)0;
    usestream = *slot ? 2 : 0;
ENDVERBATIM
}

PROCEDURE init_sequence(t (ms)) {
    if (number > 0) {
        on = 1
        event = 0
        ispike = 0
    }
}

FUNCTION invl(mean (ms)) (ms) {
    if (mean <= 0.) {
        mean = .01 (ms)
    }
    if (noise == 0) {
        invl = mean
    } else {
        invl = (1. - noise)*mean + noise*mean*erand()
    }
}

FUNCTION erand() {
    if (usestream == 1) {
        erand = random_negexp(ranvar)
    } else if (usestream == 2) {
VERBATIM
        _lerand = nrn_random_pick(_p_donotuse);
ENDVERBATIM
    } else {
        erand = exprand(1)
    }
}

PROCEDURE next_invl() {
    if (number > 0) {
        event = invl(interval)
    }
    if (ispike >= number) {
        on = 0
    }
}

NET_RECEIVE (w) {
    if (flag == 0) {
        : an event from outside
        if (w > 0 && on == 0) {
            : start a train now (no self-event is pending when on == 0)
            init_sequence(t)
            next_invl()
            event = event - interval*(1. - noise)
            net_send(event, 1)
        } else if (w < 0) {
            : stop for good
            on = 0
        }
    }
    if (flag == 3) {
        : the first event, scheduled by INITIAL (unless stopped since)
        if (on == 1) {
            init_sequence(t)
            net_send(0, 1)
        }
    }
    if (flag == 1 && on == 1) {
        ispike = ispike + 1
        net_event(t)
        next_invl()
        if (on == 1) {
            net_send(event, 1)
        }
    }
}
