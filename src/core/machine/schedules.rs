//! Random fault schedules: the machine driven by a simulated host through
//! random closes with any code, drops, refusals, timers, offline and
//! online, visibility, the page cache, bursts, a reader that stops and goes
//! on, sends and closes from the handles, URL changes as the hooks make
//! them (the next socket once the old one's events end), with random
//! options, and every
//! promise checked after every step (see [`Sim::check`]). A failing
//! schedule is shrunk by proptest to a minimal one, printed with its
//! options, and its seed kept in `proptest-regressions/`.
//!
//! The simulated host does what the browser driver does (`reconnect/
//! driver.rs`): one attempt at a time, the open connection's close reported
//! whatever the reader does, the leftovers of a closed connection read
//! before the next one's messages, the queue flushed on open. Its sockets
//! are plain data: a message's text is its identity (`u7:...` for the 7th
//! send, `s3.12:...` for the 12th message of connection 3).

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};

use proptest::prelude::*;

use super::*;
use crate::core::{Jitter, OverflowPolicy};

/// How many schedules one run tries: 100,000 in the optimised `schedules`
/// profile that `npm test` uses (about 30 s), 2,000 in a debug build (as
/// fast); `SCHEDULES` in the environment overrides either (a longer soak).
const SCHEDULES: u32 = if cfg!(debug_assertions) {
    2_000
} else {
    100_000
};

const MS: Duration = Duration::from_millis(1);

/// One thing that happens in a schedule.
#[derive(Debug, Clone)]
enum Step {
    /// A send from a handle: `try_send` (`wait` false), `send().await`
    /// (`wait`: skipped if it would wait for room, as a dropped future is),
    /// or the `Sink` (`strict`).
    Send {
        size: usize,
        strict: bool,
        wait: bool,
    },
    Close {
        code: u16,
    },
    Reconnect,
    /// The attempt under way opens.
    Open,
    /// The attempt under way fails; `hopeless`: with an invalid request.
    Fail {
        hopeless: bool,
    },
    /// The server sends `count` messages on the open connection.
    Burst {
        count: u8,
        size: usize,
    },
    /// The server starts closing: the socket takes no more messages, its
    /// close event comes with `DeliverClose`.
    ServerCloses {
        code: u16,
        stop: bool,
    },
    /// The open connection's close event arrives.
    DeliverClose,
    /// The connection is cut: 1006 at once.
    Drop,
    /// The reader takes up to `count` messages (0: it pauses).
    Read {
        count: u8,
    },
    Advance {
        ms: u16,
    },
    FireTimer,
    /// A timer set for an earlier deadline fires late.
    StaleTimer,
    Online,
    Offline,
    Visible,
    PageHide {
        persisted: bool,
    },
    PageShow {
        persisted: bool,
    },
    /// The URL changes, as a hook does it: the socket is closed, and a new
    /// one starts once its events have ended.
    NewUrl,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0usize..40, any::<bool>(), any::<bool>())
            .prop_map(|(size, strict, wait)| Step::Send { size, strict, wait }),
        1 => prop_oneof![Just(1000u16), Just(3000), Just(4000)].prop_map(|code| Step::Close { code }),
        1 => Just(Step::Reconnect),
        5 => Just(Step::Open),
        3 => Just(Step::Fail { hopeless: false }),
        1 => Just(Step::Fail { hopeless: true }),
        4 => (1u8..6, 0usize..30).prop_map(|(count, size)| Step::Burst { count, size }),
        2 => (prop_oneof![Just(1000u16), Just(1001), Just(1011), Just(3010), Just(4000), Just(4001)], any::<bool>())
            .prop_map(|(code, stop)| Step::ServerCloses { code, stop }),
        3 => Just(Step::DeliverClose),
        2 => Just(Step::Drop),
        4 => (0u8..8).prop_map(|count| Step::Read { count }),
        3 => (0u16..2_000).prop_map(|ms| Step::Advance { ms }),
        3 => Just(Step::FireTimer),
        1 => Just(Step::StaleTimer),
        1 => Just(Step::Online),
        1 => Just(Step::Offline),
        1 => Just(Step::Visible),
        1 => any::<bool>().prop_map(|persisted| Step::PageHide { persisted }),
        1 => any::<bool>().prop_map(|persisted| Step::PageShow { persisted }),
        1 => Just(Step::NewUrl),
    ]
}

/// Random options, each at its edges as often as in between.
fn config() -> impl Strategy<Value = Config> {
    let backoff =
        (0u64..300, 0u64..2_000, 1u8..4, 0u8..3).prop_map(|(initial, max, factor, jitter)| {
            Backoff::new()
                .with_initial_delay(Duration::from_millis(initial))
                .with_max_delay(Duration::from_millis(max))
                .with_factor(f64::from(factor))
                .with_jitter(match jitter {
                    0 => Jitter::None,
                    1 => Jitter::Full,
                    _ => Jitter::Equal,
                })
        });
    let limits = (
        prop::option::of(0u32..6),
        prop::option::of(0u64..5_000),
        0u64..3_000,
    )
        .prop_map(|(retries, elapsed, uptime)| {
            RetryLimits::new()
                .with_max_retries(retries)
                .with_max_elapsed(elapsed.map(Duration::from_millis))
                .with_min_uptime(Duration::from_millis(uptime))
        });
    let queue = (0usize..5, prop::option::of(0usize..80), 0u8..3).prop_map(
        |(capacity, bytes, overflow)| {
            QueueConfig::new()
                .with_capacity(capacity)
                .with_max_bytes(bytes)
                .with_overflow(match overflow {
                    0 => OverflowPolicy::Reject,
                    1 => OverflowPolicy::DropOldest,
                    _ => OverflowPolicy::DropNewest,
                })
        },
    );
    let liveness = (prop::option::of(1u64..1_000), prop::option::of(1u64..2_000));
    let switches = (
        any::<bool>(),
        0u64..3_000,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    );
    (
        backoff,
        limits,
        queue,
        liveness,
        switches,
        1usize..120,
        any::<bool>(),
    )
        .prop_map(
            |(backoff, limits, queue, (heartbeat, idle), switches, max_unread, predicate)| {
                let (pause, offline_wait, visible, suspend, provider) = switches;
                let mut policy = ReconnectPolicy::new().with_terminal_codes([4001]);
                if predicate {
                    policy = policy.with_should_reconnect(|close| close.reason != "stop");
                }
                Config {
                    backoff,
                    retry_limits: limits,
                    policy,
                    queue,
                    heartbeat: heartbeat.map(Duration::from_millis),
                    idle_timeout: idle.map(Duration::from_millis),
                    pause_while_offline: pause,
                    max_offline_wait: Duration::from_millis(offline_wait),
                    retry_when_visible: visible,
                    suspend_in_page_cache: suspend,
                    max_unread,
                    has_provider: provider,
                }
            },
        )
}

/// A socket of the simulated host.
#[derive(Debug)]
struct Conn {
    id: u32,
    /// Takes messages (not closing).
    writable: bool,
    /// Its close event, once the close has begun.
    close: Option<CloseEvent>,
    /// Received, not yet read by the host.
    unread: VecDeque<Message>,
    sent_by_server: u32,
}

/// Where a message handed to a send is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Queued,
    Sent,
    HandedBack,
}

struct Sim {
    machine: Machine,
    config: Config,
    now: Duration,
    attempt: bool,
    open: Option<Conn>,
    leftovers: VecDeque<Conn>,
    next_conn: u32,
    next_send: u64,
    fates: BTreeMap<u64, Fate>,
    /// Ids handed to the connections, in order.
    sent: Vec<u64>,
    /// Every event handed out, and those of the current step.
    events: Vec<ConnectionEvent>,
    step_events: Vec<ConnectionEvent>,
    events_ended: bool,
    user_closed: bool,
    /// Bytes the `Unsent` event handed back.
    unsent_bytes: u64,
    /// Server messages the reader got, as (connection, number).
    delivered: Vec<(u32, u32)>,
    /// Server messages sent while the user had not closed.
    server_sent: Vec<(u32, u32)>,
    largest_message: usize,
    /// A new URL waits for the old socket's events to end.
    restart_pending: bool,
    seed: u64,
}

fn id_of(message: &Message) -> u64 {
    let text = message.as_text().unwrap_or_default();
    text[1..text.find(':').unwrap_or(text.len())]
        .parse()
        .unwrap_or(u64::MAX)
}

fn server_id(message: &Message) -> (u32, u32) {
    let text = message.as_text().unwrap_or_default();
    let head = &text[1..text.find(':').unwrap_or(text.len())];
    let (conn, n) = head.split_once('.').unwrap_or(("", ""));
    (
        conn.parse().unwrap_or(u32::MAX),
        n.parse().unwrap_or(u32::MAX),
    )
}

fn padded(head: String, size: usize) -> Message {
    let pad = size.saturating_sub(head.len());
    Message::text(format!("{head}{}", "x".repeat(pad)))
}

impl Sim {
    fn new(config: Config, seed: u64, offline: bool) -> Self {
        let machine = Machine::new(config.clone(), Duration::ZERO, offline, seed);
        let mut sim = Self {
            machine,
            config,
            now: Duration::ZERO,
            attempt: false,
            open: None,
            leftovers: VecDeque::new(),
            next_conn: 0,
            next_send: 0,
            fates: BTreeMap::new(),
            sent: Vec::new(),
            events: Vec::new(),
            step_events: Vec::new(),
            events_ended: false,
            user_closed: false,
            unsent_bytes: 0,
            delivered: Vec::new(),
            server_sent: Vec::new(),
            largest_message: 0,
            restart_pending: false,
            seed,
        };
        sim.settle();
        sim
    }

    fn writable(&self) -> bool {
        self.open.as_ref().is_some_and(|conn| conn.writable)
    }

    fn feed(&mut self, input: Input) {
        self.machine.handle(input, self.now);
        self.settle();
    }

    fn set_fate(&mut self, id: u64, fate: Fate) {
        let before = self.fates.insert(id, fate);
        match (before, fate) {
            (None, _) | (Some(Fate::Queued), _) => {}
            (Some(before), after) => {
                panic!("message {id} went from {before:?} to {after:?}")
            }
        }
    }

    fn transmit(&mut self, message: &Message) {
        let id = id_of(message);
        self.sent.push(id);
        self.set_fate(id, Fate::Sent);
    }

    /// What the browser driver does between two events: carry out the
    /// actions, read messages while the core wants them.
    fn settle(&mut self) {
        loop {
            let mut busy = false;
            while let Some(action) = self.machine.poll_action() {
                busy = true;
                self.perform(action);
            }
            if self.machine.wants_messages() {
                if let Some(conn) = self.leftovers.front_mut() {
                    busy = true;
                    match conn.unread.pop_front() {
                        Some(message) => self.machine.handle(
                            Input::Received {
                                item: Ok(message),
                                heartbeat_reply: false,
                            },
                            self.now,
                        ),
                        None => {
                            self.leftovers.pop_front();
                            if self.leftovers.is_empty() {
                                self.machine.handle(Input::LeftoversDone, self.now);
                            }
                        }
                    }
                } else if let Some(message) =
                    self.open.as_mut().and_then(|conn| conn.unread.pop_front())
                {
                    busy = true;
                    self.machine.handle(
                        Input::Received {
                            item: Ok(message),
                            heartbeat_reply: false,
                        },
                        self.now,
                    );
                }
            }
            if !busy {
                return;
            }
        }
    }

    fn perform(&mut self, action: Action) {
        match action {
            Action::Connect { .. } => {
                assert!(!self.user_closed, "a connection after the user's close");
                assert!(
                    !self.attempt && self.open.is_none(),
                    "a second connection: attempt {}, open {:?}",
                    self.attempt,
                    self.open
                );
                self.attempt = true;
            }
            Action::CancelAttempt => self.attempt = false,
            Action::RunOnOpen => {}
            Action::Flush => {
                while let Some(message) = self.machine.next_to_flush() {
                    if self.writable() {
                        self.transmit(&message);
                    } else {
                        self.machine.put_back(message);
                        break;
                    }
                }
            }
            Action::SendHeartbeat => {}
            Action::CloseConnection { code, forget, .. } => {
                let mut conn = self.open.take().expect("a connection to close");
                conn.writable = false;
                if forget {
                    self.leftovers.push_back(conn);
                } else {
                    conn.close.get_or_insert(CloseEvent {
                        code: code.get(),
                        reason: String::new(),
                        was_clean: true,
                    });
                    self.open = Some(conn);
                }
            }
            Action::DiscardLeftovers => self.leftovers.clear(),
            Action::HandBack(messages) => {
                assert!(
                    !self.events_ended,
                    "handed back after the end of the events"
                );
                for message in &messages {
                    self.unsent_bytes += message.len() as u64;
                    self.set_fate(id_of(message), Fate::HandedBack);
                }
            }
            Action::Emit(event) => {
                assert!(!self.events_ended, "{event:?} after the end of the events");
                if let ConnectionEvent::Reconnecting { delay, .. } = &event {
                    assert!(
                        *delay <= self.config.backoff.max_delay(),
                        "{delay:?} over the cap"
                    );
                    if let Some(max) = self.config.retry_limits.max_elapsed() {
                        assert!(*delay <= max, "{delay:?} past max_elapsed");
                    }
                }
                self.step_events.push(event.clone());
                self.events.push(event);
            }
            Action::EndEvents => {
                assert!(self.user_closed, "the events ended without a close");
                self.events_ended = true;
                // A connection whose close handshake never finished is
                // given up on: its socket goes with the driver.
                self.open = None;
            }
        }
    }

    fn send(&mut self, size: usize, strict: bool, wait: bool) {
        let id = self.next_send;
        let message = padded(format!("u{id}:"), size);
        let writable = self.writable();
        if wait && self.machine.must_wait_for_room(message.len(), writable) {
            // `send().await` would wait; a dropped future sends nothing.
            return;
        }
        self.next_send += 1;
        self.largest_message = self.largest_message.max(message.len());
        match self.machine.send(message.clone(), writable, strict) {
            SendDecision::Transmit(sent) => {
                assert_eq!(sent, message);
                self.transmit(&sent);
            }
            SendDecision::Decided(outcome) => match outcome {
                Outcome::Queued => self.set_fate(id, Fate::Queued),
                Outcome::QueuedDropping(evicted) => {
                    assert!(!strict, "the strict path evicted");
                    for old in &evicted {
                        assert_eq!(self.fates.get(&id_of(old)), Some(&Fate::Queued));
                        self.set_fate(id_of(old), Fate::HandedBack);
                    }
                    self.set_fate(id, Fate::Queued);
                }
                Outcome::Dropped(back) | Outcome::Rejected(back, _) => {
                    assert_eq!(back, message, "handed back: the caller's own message");
                    self.set_fate(id, Fate::HandedBack);
                }
            },
        }
    }

    fn server_closes(&mut self, code: u16, stop: bool) {
        if let Some(conn) = self.open.as_mut().filter(|conn| conn.close.is_none()) {
            conn.writable = false;
            conn.close = Some(CloseEvent {
                code,
                reason: if stop { "stop".into() } else { String::new() },
                was_clean: code != 1006,
            });
        }
    }

    fn deliver_close(&mut self) {
        let Some(close) = self.open.as_ref().and_then(|conn| conn.close.clone()) else {
            return;
        };
        let conn = self.open.take().expect("checked");
        let by_user = self.machine.is_closed();
        let verdict = if by_user {
            None
        } else {
            self.config.policy.ask(&close)
        };
        if !by_user {
            self.leftovers.push_back(conn);
        }
        let was_open = self.machine.is_open();
        self.step_events.clear();
        self.feed(Input::Closed {
            close: close.clone(),
            verdict,
        });
        if was_open {
            // Decided in the step that reported it, whatever the reader did.
            assert_ne!(self.machine.state(), ConnectionState::Open);
            assert!(
                self.step_events.contains(&ConnectionEvent::Closed(close)),
                "{:?}",
                self.step_events
            );
        }
    }

    fn read(&mut self, count: u8) {
        for _ in 0..count {
            match self.machine.pop_message() {
                Next::Item(Ok(message)) => self.delivered.push(server_id(&message)),
                Next::Item(Err(error)) => panic!("an error nobody sent: {error}"),
                Next::Empty => break,
                Next::End => break,
            }
        }
        self.settle();
    }

    fn fire_timer(&mut self, at: Option<Duration>) {
        if let Some(deadline) = self.machine.poll_timeout() {
            self.now = at.unwrap_or(self.now).max(deadline).max(self.now);
            self.feed(Input::Timeout { deadline });
        }
    }

    fn run(&mut self, step: &Step) {
        self.step_events.clear();
        match *step {
            Step::Send { size, strict, wait } => self.send(size, strict, wait),
            Step::Close { code } => {
                let closed =
                    self.machine
                        .close(CloseCode::new(code).expect("a valid code"), "", self.now);
                assert_eq!(closed.is_err(), self.user_closed, "{closed:?}");
                self.user_closed = true;
                self.settle();
            }
            Step::Reconnect => self.feed(Input::Reconnect),
            Step::Open => {
                if self.attempt {
                    self.attempt = false;
                    self.next_conn += 1;
                    self.open = Some(Conn {
                        id: self.next_conn,
                        writable: true,
                        close: None,
                        unread: VecDeque::new(),
                        sent_by_server: 0,
                    });
                    self.feed(Input::Opened);
                }
            }
            Step::Fail { hopeless } => {
                if self.attempt {
                    self.attempt = false;
                    let error = if hopeless {
                        Error::InvalidProtocol("chat v1".into())
                    } else {
                        Error::ConnectFailed(CloseEvent {
                            code: 1006,
                            reason: String::new(),
                            was_clean: false,
                        })
                    };
                    self.feed(Input::AttemptFailed(AttemptError::Connect(error)));
                }
            }
            Step::Burst { count, size } => {
                let user_closed = self.user_closed;
                if let Some(conn) = self.open.as_mut().filter(|conn| conn.writable) {
                    for _ in 0..count {
                        conn.sent_by_server += 1;
                        let id = (conn.id, conn.sent_by_server);
                        let message = padded(format!("s{}.{}:", id.0, id.1), size);
                        self.largest_message = self.largest_message.max(message.len());
                        conn.unread.push_back(message);
                        if !user_closed {
                            self.server_sent.push(id);
                        }
                    }
                }
                self.settle();
            }
            Step::ServerCloses { code, stop } => self.server_closes(code, stop),
            Step::DeliverClose => self.deliver_close(),
            Step::Drop => {
                self.server_closes(1006, false);
                self.deliver_close();
            }
            Step::Read { count } => self.read(count),
            Step::Advance { ms } => {
                self.now += Duration::from_millis(u64::from(ms));
                while let Some(deadline) = self.machine.poll_timeout().filter(|d| *d <= self.now) {
                    self.feed(Input::Timeout { deadline });
                }
            }
            Step::FireTimer => self.fire_timer(None),
            Step::StaleTimer => {
                if let Some(deadline) = self.machine.poll_timeout() {
                    self.machine.handle(
                        Input::Timeout {
                            deadline: deadline + MS,
                        },
                        self.now,
                    );
                    assert_eq!(self.machine.poll_action(), None, "a stale timer acted");
                }
            }
            Step::Online => self.feed(Input::Online),
            Step::Offline => self.feed(Input::Offline),
            Step::Visible => self.feed(Input::Visible),
            Step::PageHide { persisted } => self.feed(Input::PageHidden { persisted }),
            Step::PageShow { persisted } => self.feed(Input::PageShown { persisted }),
            Step::NewUrl => {
                if !self.user_closed {
                    let closed = self.machine.close(CloseCode::NORMAL, "", self.now);
                    assert_eq!(closed, Ok(()));
                    self.user_closed = true;
                    self.settle();
                }
                self.restart_pending = true;
            }
        }
        self.restart_when_ended();
        self.check();
    }

    /// The hook's rule: a new URL's socket starts once the old socket's
    /// events ended, and then none of the old one's connections is left.
    fn restart_when_ended(&mut self) {
        if !(self.restart_pending && self.events_ended) {
            return;
        }
        assert!(
            self.open.is_none() && !self.attempt,
            "the old socket still has a connection: {:?}",
            self.open
        );
        self.restart_pending = false;
        self.seed = self.seed.wrapping_add(1);
        self.machine = Machine::new(self.config.clone(), self.now, false, self.seed);
        self.user_closed = false;
        self.events_ended = false;
        self.unsent_bytes = 0;
        self.events.clear();
        self.leftovers.clear();
        // What the old socket's reader did not take went with it.
        self.server_sent = self.delivered.clone();
        self.settle();
    }

    /// The promises, after every step.
    fn check(&self) {
        let machine = &self.machine;
        // At most one connection open or opening.
        let open = self
            .open
            .as_ref()
            .is_some_and(|conn| conn.writable && conn.close.is_none());
        assert!(
            u8::from(self.attempt) + u8::from(open) <= 1,
            "two connections"
        );
        // Every message handed to a send is sent, queued or handed back,
        // exactly once; the queue holds exactly the queued ones, in order.
        let queued: Vec<u64> = machine.queued_messages().map(id_of).collect();
        let expected: Vec<u64> = self
            .fates
            .iter()
            .filter(|(_, fate)| **fate == Fate::Queued)
            .map(|(id, _)| *id)
            .collect();
        assert_eq!(queued, expected, "the queue against the accepted messages");
        assert!(
            self.sent.windows(2).all(|pair| pair[0] < pair[1]),
            "sent out of order or twice: {:?}",
            self.sent
        );
        // The queue within its bounds.
        let queue = self.config.queue;
        assert!(machine.queued() <= queue.capacity());
        if let Some(max) = queue.max_bytes() {
            assert!(machine.queued_bytes() <= max);
        }
        // The unread messages within theirs (one message over at most).
        assert!(
            machine.unread_bytes() <= self.config.max_unread + self.largest_message,
            "{} unread bytes",
            machine.unread_bytes()
        );
        // Messages reach the reader in order, never twice.
        assert!(
            self.delivered.windows(2).all(|pair| pair[0] < pair[1]),
            "delivered out of order or twice: {:?}",
            self.delivered
        );
        // The state is the one the latest event announced.
        if let Some(event) = self.events.iter().rev().find(|event| event.sets_state()) {
            let announced = match event {
                ConnectionEvent::Connecting { .. } => ConnectionState::Connecting,
                ConnectionEvent::Open => ConnectionState::Open,
                ConnectionEvent::Reconnecting { .. } => ConnectionState::Waiting,
                ConnectionEvent::Offline { .. } => ConnectionState::Offline,
                ConnectionEvent::GaveUp(_) => ConnectionState::GaveUp,
                ConnectionEvent::Stopped(StopReason::ClosedByUser) => ConnectionState::Closed,
                ConnectionEvent::Stopped(_) => ConnectionState::Stopped,
                ConnectionEvent::Suspended => ConnectionState::Suspended,
                other => unreachable!("{other:?} sets no state"),
            };
            assert_eq!(machine.state(), announced, "the state against {event:?}");
        }
        // One timer at most, and only while something is waited for.
        let timer = machine.poll_timeout();
        match machine.state() {
            ConnectionState::Waiting | ConnectionState::Offline => {
                let deadline = timer.expect("a wait without a timer");
                assert!(deadline >= self.now, "a timer in the past");
            }
            ConnectionState::Connecting
            | ConnectionState::GaveUp
            | ConnectionState::Stopped
            | ConnectionState::Suspended => assert_eq!(timer, None),
            ConnectionState::Open | ConnectionState::Closed => {}
        }
        // `drained()` tells the story the `Unsent` event told.
        if self.user_closed {
            let expected = match self.unsent_bytes {
                0 => DrainState::Done,
                bytes => DrainState::Unsent(bytes),
            };
            assert_eq!(machine.drain_state(), expected);
            assert_eq!(machine.state(), ConnectionState::Closed);
        }
    }

    /// At the end: a reader that reads everything gets every message the
    /// server sent, unless the user closed.
    fn finish(&mut self) {
        if self.user_closed {
            return;
        }
        // Whatever a connection still holds arrives; nothing new is sent.
        loop {
            let before = self.delivered.len();
            self.read(u8::MAX);
            if self.delivered.len() == before {
                break;
            }
        }
        let in_flight: usize = self
            .open
            .iter()
            .chain(self.leftovers.iter())
            .map(|conn| conn.unread.len())
            .sum();
        assert_eq!(in_flight, 0, "messages left in the sockets");
        assert_eq!(self.delivered, self.server_sent, "messages lost");
    }
}

static STEPS: AtomicU64 = AtomicU64::new(0);

fn schedules() -> u32 {
    std::env::var("SCHEDULES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(SCHEDULES)
}

#[test]
fn every_promise_holds_under_random_schedules() {
    let cases = schedules();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases,
        // Failures are printed, shrunk and kept by the runner's own
        // persistence; no forking, so that it runs anywhere.
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::Direct(
                "proptest-regressions/core-schedules.txt",
            ),
        )),
        ..ProptestConfig::default()
    });
    let strategy = (
        config(),
        any::<u64>(),
        any::<bool>(),
        prop::collection::vec(step(), 1..80),
    );
    // Each failing try would print its panic while the runner shrinks; the
    // runner reports the minimal schedule itself.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = runner.run(&strategy, |(config, seed, offline, steps)| {
        let mut sim = Sim::new(config, seed, offline);
        for step in &steps {
            sim.run(step);
        }
        sim.finish();
        STEPS.fetch_add(steps.len() as u64, Ordering::Relaxed);
        Ok(())
    });
    std::panic::set_hook(default_hook);
    if let Err(error) = result {
        panic!("{error}");
    }
    println!(
        "schedules: {cases} random schedules, {} steps, every invariant held after every step",
        STEPS.load(Ordering::Relaxed)
    );
}
