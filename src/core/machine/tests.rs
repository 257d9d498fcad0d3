//! The machine's decisions, one scenario each, with a fake clock. The
//! random schedules in `schedules.rs` check the invariants across every
//! order of events; these pin the exact answers.

use std::time::Duration;

use super::*;
use crate::core::{Jitter, OverflowPolicy};

const MS: Duration = Duration::from_millis(1);

fn config() -> Config {
    Config {
        backoff: Backoff::new()
            .with_initial_delay(100 * MS)
            .with_jitter(Jitter::None),
        ..Config::default()
    }
}

/// The actions since the last call.
fn actions(machine: &mut Machine) -> Vec<Action> {
    std::iter::from_fn(|| machine.poll_action()).collect()
}

/// The events among the actions since the last call.
fn events(machine: &mut Machine) -> Vec<ConnectionEvent> {
    actions(machine)
        .into_iter()
        .filter_map(|action| match action {
            Action::Emit(event) => Some(event),
            _ => None,
        })
        .collect()
}

fn close_event(code: u16) -> CloseEvent {
    CloseEvent {
        code,
        reason: String::new(),
        was_clean: code != 1006,
    }
}

fn closed(code: u16) -> Input {
    Input::Closed {
        close: close_event(code),
        verdict: None,
    }
}

/// A machine whose first connection is open at 0 ms.
fn open(config: Config) -> Machine {
    let mut machine = Machine::new(config, Duration::ZERO, false, 1);
    machine.handle(Input::Opened, Duration::ZERO);
    let _ = actions(&mut machine);
    machine
}

#[test]
fn the_first_attempt_starts_at_once() {
    let mut machine = Machine::new(config(), Duration::ZERO, true, 1);
    assert_eq!(
        actions(&mut machine),
        [
            Action::Emit(ConnectionEvent::Connecting {
                attempt: 0,
                delay: Duration::ZERO
            }),
            Action::Connect { attempt: 0 }
        ]
    );
    assert_eq!(machine.state(), ConnectionState::Connecting);
    assert_eq!(machine.poll_timeout(), None, "no timer while connecting");
}

#[test]
fn an_open_runs_the_hook_then_flushes_then_says_open() {
    let mut machine = Machine::new(config(), Duration::ZERO, false, 1);
    let _ = actions(&mut machine);
    assert_eq!(
        machine.send(Message::text("early"), false, false),
        SendDecision::Decided(Outcome::Queued)
    );
    machine.handle(Input::Opened, 5 * MS);
    assert_eq!(
        actions(&mut machine),
        [
            Action::RunOnOpen,
            Action::Flush,
            Action::Emit(ConnectionEvent::Open)
        ]
    );
    assert_eq!(machine.next_to_flush(), Some(Message::text("early")));
    assert_eq!(machine.next_to_flush(), None);
    assert_eq!(
        machine.send(Message::text("now"), true, false),
        SendDecision::Transmit(Message::text("now"))
    );
    // A socket that is closing already takes nothing: queued for the next.
    assert_eq!(
        machine.send(Message::text("late"), false, false),
        SendDecision::Decided(Outcome::Queued)
    );
}

#[test]
fn a_message_the_flush_could_not_hand_over_keeps_its_place() {
    let mut machine = Machine::new(config(), Duration::ZERO, false, 1);
    for text in ["a", "b"] {
        let _ = machine.send(Message::text(text), false, false);
    }
    machine.handle(Input::Opened, Duration::ZERO);
    let first = machine.next_to_flush();
    assert_eq!(first, Some(Message::text("a")));
    machine.put_back(Message::text("a"));
    let rest: Vec<_> = std::iter::from_fn(|| machine.next_to_flush()).collect();
    assert_eq!(rest, [Message::text("a"), Message::text("b")]);
}

#[test]
fn a_close_while_open_schedules_one_retry_with_the_backoff() {
    let mut machine = open(config());
    machine.handle(closed(1006), 50 * MS);
    assert_eq!(
        events(&mut machine),
        [
            ConnectionEvent::Closed(close_event(1006)),
            ConnectionEvent::Reconnecting {
                attempt: 1,
                delay: 100 * MS
            }
        ]
    );
    assert_eq!(machine.state(), ConnectionState::Waiting);
    assert_eq!(machine.poll_timeout(), Some(150 * MS));
    // A timer for another deadline is stale: ignored.
    machine.handle(Input::Timeout { deadline: 149 * MS }, 149 * MS);
    assert!(actions(&mut machine).is_empty());
    // The timer is trusted to have reached its deadline although the clock
    // reads a little earlier.
    machine.handle(Input::Timeout { deadline: 150 * MS }, 149 * MS);
    assert_eq!(
        actions(&mut machine),
        [
            Action::Emit(ConnectionEvent::Connecting {
                attempt: 1,
                delay: 100 * MS
            }),
            Action::Connect { attempt: 1 }
        ]
    );
}

#[test]
fn the_policy_stops_on_a_terminal_code_and_on_the_predicates_no() {
    let mut config = config();
    config.policy = ReconnectPolicy::new().with_terminal_codes([4403]);
    let mut machine = open(config.clone());
    machine.handle(closed(4403), MS);
    assert_eq!(machine.state(), ConnectionState::Stopped);
    assert_eq!(machine.poll_timeout(), None);

    let mut machine = open(config);
    machine.handle(
        Input::Closed {
            close: close_event(4000),
            verdict: Some(false),
        },
        MS,
    );
    assert_eq!(
        events(&mut machine).last(),
        Some(&ConnectionEvent::Stopped(StopReason::Predicate))
    );
    // Stopped: the stream ends once read (the connection's leftovers
    // first); `reconnect` starts again.
    assert_eq!(machine.pop_message(), Next::Empty);
    machine.handle(Input::LeftoversDone, MS);
    assert_eq!(machine.pop_message(), Next::End);
    machine.handle(Input::Reconnect, 2 * MS);
    assert_eq!(machine.state(), ConnectionState::Connecting);
    assert_eq!(machine.pop_message(), Next::Empty);
}

#[test]
fn the_users_close_hands_back_the_queue_and_drained_says_so_whenever_asked() {
    let mut machine = Machine::new(config(), Duration::ZERO, false, 1);
    machine.handle(
        Input::AttemptFailed(AttemptError::Connect(Error::ConnectFailed(close_event(
            1006,
        )))),
        MS,
    );
    for text in ["one", "two", "six"] {
        let _ = machine.send(Message::text(text), false, false);
    }
    assert_eq!(machine.drain_state(), DrainState::Queued);
    let _ = actions(&mut machine);
    machine
        .close(CloseCode::NORMAL, "", 2 * MS)
        .expect("the first close");
    // Asked before the host ran, and after: the same story.
    assert_eq!(machine.drain_state(), DrainState::Unsent(9));
    let actions = actions(&mut machine);
    assert_eq!(
        actions[..2],
        [
            Action::HandBack(vec![
                Message::text("one"),
                Message::text("two"),
                Message::text("six")
            ]),
            Action::Emit(ConnectionEvent::Stopped(StopReason::ClosedByUser))
        ]
    );
    assert_eq!(machine.drain_state(), DrainState::Unsent(9));
    assert_eq!(
        machine.close(CloseCode::NORMAL, "", 3 * MS),
        Err(Error::AlreadyClosed)
    );
    assert!(machine.is_done());
}

#[test]
fn the_users_close_waits_for_the_connections_close_then_ends_the_events() {
    let mut machine = open(config());
    machine
        .close(CloseCode::new(4000).expect("valid"), "bye", 10 * MS)
        .expect("the first close");
    assert_eq!(machine.state(), ConnectionState::Closed);
    assert!(actions(&mut machine).contains(&Action::CloseConnection {
        code: CloseCode::new(4000).expect("valid"),
        reason: "bye".into(),
        forget: false,
    }));
    assert!(!machine.is_done(), "the close handshake is awaited");
    assert_eq!(machine.poll_timeout(), Some(10 * MS + CLOSE_WAIT));
    machine.handle(closed(4000), 20 * MS);
    assert_eq!(actions(&mut machine), [Action::EndEvents]);
    assert!(machine.is_done());

    // A peer that never answers: the events end after the wait.
    let mut machine = open(config());
    machine
        .close(CloseCode::NORMAL, "", Duration::ZERO)
        .expect("closes");
    let _ = actions(&mut machine);
    machine.handle(
        Input::Timeout {
            deadline: CLOSE_WAIT,
        },
        CLOSE_WAIT,
    );
    assert_eq!(actions(&mut machine), [Action::EndEvents]);
    assert!(machine.is_done());
    machine.handle(Input::Reconnect, 2 * CLOSE_WAIT);
    assert!(actions(&mut machine).is_empty(), "nothing after the close");
}

#[test]
fn a_paused_reader_stops_the_reading_not_the_close() {
    let mut config = config();
    config.max_unread = 10;
    config.idle_timeout = Some(100 * MS);
    let mut machine = open(config);
    machine.handle(
        Input::Received {
            item: Ok(Message::binary(vec![0u8; 10])),
            heartbeat_reply: false,
        },
        MS,
    );
    assert!(!machine.wants_messages(), "the reader is behind");
    // The reader is slow, not the server: not dead.
    machine.handle(Input::Timeout { deadline: 101 * MS }, 101 * MS);
    assert_eq!(machine.state(), ConnectionState::Open);
    machine.handle(closed(4000), 102 * MS);
    assert_eq!(machine.state(), ConnectionState::Waiting);
    // What the closed connection still holds comes before the end.
    machine.handle(Input::Reconnect, 103 * MS);
    assert!(matches!(machine.pop_message(), Next::Item(Ok(_))));
    assert_eq!(machine.pop_message(), Next::Empty);
}

#[test]
fn silence_for_the_idle_timeout_is_death_and_a_retry() {
    let mut config = config();
    config.idle_timeout = Some(100 * MS);
    let mut machine = open(config);
    assert_eq!(machine.poll_timeout(), Some(100 * MS));
    machine.handle(Input::Timeout { deadline: 100 * MS }, 100 * MS);
    let actions = actions(&mut machine);
    assert_eq!(
        actions[0],
        Action::CloseConnection {
            code: CloseCode::IDLE_TIMEOUT,
            reason: "idle timeout".into(),
            forget: true
        }
    );
    assert_eq!(
        actions[1],
        Action::Emit(ConnectionEvent::Dead {
            silent_for: 100 * MS
        })
    );
    assert_eq!(machine.state(), ConnectionState::Waiting);
}

#[test]
fn offline_turns_the_backoff_wait_into_a_wait_for_online() {
    let mut machine = open(config());
    machine.handle(Input::Offline, MS);
    machine.handle(closed(1006), 2 * MS);
    assert_eq!(machine.state(), ConnectionState::Offline);
    assert_eq!(
        machine.poll_timeout(),
        Some(2 * MS + Duration::from_secs(30))
    );
    let _ = actions(&mut machine);
    machine.handle(Input::Visible, 3 * MS);
    assert!(actions(&mut machine).is_empty(), "visible does not end it");
    machine.handle(Input::Online, 4 * MS);
    assert_eq!(
        events(&mut machine),
        [
            ConnectionEvent::Resumed {
                attempt: 1,
                cause: ResumeCause::Online
            },
            ConnectionEvent::Connecting {
                attempt: 1,
                delay: Duration::ZERO
            }
        ]
    );
}

#[test]
fn the_page_cache_suspends_and_a_shown_page_connects_at_once() {
    let mut machine = open(config());
    machine.handle(Input::PageHidden { persisted: true }, MS);
    assert_eq!(
        actions(&mut machine),
        [
            Action::CloseConnection {
                code: CloseCode::NORMAL,
                reason: "page hidden".into(),
                forget: true
            },
            Action::Emit(ConnectionEvent::Suspended)
        ]
    );
    assert_eq!(machine.poll_timeout(), None);
    machine.handle(Input::PageShown { persisted: true }, 2 * MS);
    assert_eq!(
        events(&mut machine),
        [
            ConnectionEvent::Resumed {
                attempt: 0,
                cause: ResumeCause::PageShown
            },
            ConnectionEvent::Connecting {
                attempt: 0,
                delay: Duration::ZERO
            }
        ]
    );
}

#[test]
fn a_close_the_browser_made_for_its_page_cache_is_no_outage() {
    // Chromium 149+: the connection stays open in `pagehide`, is closed by
    // the browser, and its close event (1006) arrives right after
    // `pageshow`.
    let mut config = config();
    config.suspend_in_page_cache = false;
    let mut machine = open(config.clone());
    machine.handle(Input::PageHidden { persisted: true }, MS);
    assert!(actions(&mut machine).is_empty(), "left to the browser");
    machine.handle(Input::PageShown { persisted: true }, 500 * MS);
    machine.handle(closed(1006), 510 * MS);
    assert_eq!(
        events(&mut machine),
        [
            ConnectionEvent::Closed(close_event(1006)),
            ConnectionEvent::Connecting {
                attempt: 0,
                delay: Duration::ZERO
            }
        ],
        "no backoff, no retry counted"
    );

    // Delivered while the page is still hidden: wait for `pageshow`.
    let mut machine = open(config.clone());
    machine.handle(Input::PageHidden { persisted: true }, MS);
    machine.handle(closed(1006), 2 * MS);
    assert_eq!(machine.state(), ConnectionState::Suspended);
    assert_eq!(machine.poll_timeout(), None);

    // The same close long after the page came back is an ordinary one.
    let mut machine = open(config);
    machine.handle(Input::PageHidden { persisted: true }, MS);
    machine.handle(Input::PageShown { persisted: true }, 2 * MS);
    machine.handle(closed(1006), 2 * MS + PAGE_CACHE_CLOSE_WINDOW + MS);
    assert_eq!(machine.state(), ConnectionState::Waiting);
}

#[test]
fn drop_oldest_hands_back_what_it_evicts() {
    let mut config = config();
    config.queue = QueueConfig::new()
        .with_capacity(1)
        .with_overflow(OverflowPolicy::DropOldest);
    let mut machine = Machine::new(config, Duration::ZERO, false, 1);
    let _ = machine.send(Message::text("a"), false, false);
    assert_eq!(
        machine.send(Message::text("b"), false, false),
        SendDecision::Decided(Outcome::QueuedDropping(vec![Message::text("a")]))
    );
    // The `Sink`'s strict path never evicts.
    assert_eq!(
        machine.send(Message::text("c"), false, true),
        SendDecision::Decided(Outcome::Rejected(
            Message::text("c"),
            Rejection::Queue(crate::core::RejectReason::Full)
        ))
    );
    assert!(machine.must_wait_for_room(Message::text("d").len(), false));
}

#[test]
fn an_attempt_that_opens_after_it_was_cancelled_is_closed() {
    let mut machine = Machine::new(config(), Duration::ZERO, false, 1);
    machine.handle(Input::PageHidden { persisted: true }, MS);
    assert!(actions(&mut machine).contains(&Action::CancelAttempt));
    machine.handle(Input::Opened, 2 * MS);
    assert_eq!(
        actions(&mut machine),
        [Action::CloseConnection {
            code: CloseCode::NORMAL,
            reason: String::new(),
            forget: true
        }]
    );
    assert_eq!(machine.state(), ConnectionState::Suspended);
}
