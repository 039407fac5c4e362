//! Whose turn it is at SQLite's one writer connection.
//!
//! Every write of a process goes through one connection (see
//! [`crate::Store`]), so writes wait for each other. A queue in arrival
//! order would put a 2 ms write (a source's fetch record, a claim, the
//! heartbeat that renews claims, a reader confirming a subscription) behind
//! every story batch that came before it: under a pass that stores faster
//! than one connection can take, that was a wait of up to a second and a
//! half for a write that itself takes 2 ms.
//!
//! So there are two lanes. [`Lane::Bulk`] is for the writes that store
//! stories in quantity (a feed's batch, a batch of article pages); every
//! other write is [`Lane::Prompt`]. When the connection comes free it goes
//! to the longest-waiting prompt write, and to a bulk write only when no
//! prompt write waits. Within a lane, first come, first served. A prompt
//! write thus waits at most for the one write on the connection and the
//! prompt writes ahead of it; a bulk write waits for the pass's own backlog,
//! which is the limit of one writer and not a delay of anyone else.
//!
//! Bulk writes cannot starve: prompt writes are short and few (a handful
//! per source checked), so the connection is free of them most of the time.
//!
//! A [`Turn`] is held while the write runs and passes the connection on
//! when dropped, also when the waiting future was cancelled before or
//! after its turn came.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::oneshot;

/// Which queue a write waits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// Short writes that someone waits on: go first.
    Prompt,
    /// Writes that store stories in quantity: go when no prompt write waits.
    Bulk,
}

/// The queue of writes for one writer connection. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Turns {
    state: Arc<Mutex<State>>,
}

#[derive(Debug, Default)]
struct State {
    /// Whether a [`Turn`] is out.
    taken: bool,
    prompt: VecDeque<oneshot::Sender<Turn>>,
    bulk: VecDeque<oneshot::Sender<Turn>>,
}

/// The right to use the writer connection; passes it on when dropped.
#[derive(Debug)]
pub struct Turn {
    /// `None` once the turn has been passed on by other means.
    turns: Option<Arc<Mutex<State>>>,
}

impl Turns {
    /// Waits for this write's turn in `lane`.
    pub async fn take(&self, lane: Lane) -> Turn {
        let waiting = {
            let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            if !state.taken {
                state.taken = true;
                return Turn {
                    turns: Some(Arc::clone(&self.state)),
                };
            }
            let (tx, rx) = oneshot::channel();
            match lane {
                Lane::Prompt => state.prompt.push_back(tx),
                Lane::Bulk => state.bulk.push_back(tx),
            }
            rx
        };
        // The sender is only ever dropped after sending, or with the state
        // itself, which this `Turns` keeps alive.
        waiting
            .await
            .expect("a waiting write is always handed its turn")
    }

    /// How many writes wait, prompt and bulk.
    pub fn waiting(&self) -> (usize, usize) {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        (state.prompt.len(), state.bulk.len())
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        let Some(shared) = self.turns.take() else {
            return;
        };
        let mut state = shared.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            let next = match state.prompt.pop_front() {
                Some(next) => next,
                None => match state.bulk.pop_front() {
                    Some(next) => next,
                    None => {
                        state.taken = false;
                        return;
                    }
                },
            };
            let turn = Turn {
                turns: Some(Arc::clone(&shared)),
            };
            match next.send(turn) {
                Ok(()) => return,
                // That write stopped waiting: the turn goes to the next one,
                // here, without the returned turn passing it on again.
                Err(mut unsent) => {
                    unsent.turns = None;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Takes turns in the order `lanes`, while a first turn is held, and
    /// returns the order in which they were served.
    async fn served(lanes: &[Lane]) -> Vec<usize> {
        let turns = Turns::default();
        let first = turns.take(Lane::Bulk).await;
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for (i, &lane) in lanes.iter().enumerate() {
            let (queue, order) = (turns.clone(), Arc::clone(&order));
            tasks.push(tokio::spawn(async move {
                let _turn = queue.take(lane).await;
                order.lock().unwrap().push(i);
                tokio::task::yield_now().await;
            }));
            // Each is queued before the next is asked for.
            while turns.waiting().0 + turns.waiting().1 < i + 1 {
                tokio::task::yield_now().await;
            }
        }
        drop(first);
        for task in tasks {
            task.await.unwrap();
        }
        Arc::try_unwrap(order).unwrap().into_inner().unwrap()
    }

    #[tokio::test]
    async fn prompt_writes_go_before_bulk_ones_and_each_lane_keeps_its_order() {
        use Lane::{Bulk, Prompt};
        let order = served(&[Bulk, Bulk, Prompt, Bulk, Prompt]).await;
        assert_eq!(order, vec![2, 4, 0, 1, 3]);
    }

    #[tokio::test]
    async fn one_turn_at_a_time() {
        let turns = Turns::default();
        let busy = Arc::new(Mutex::new(0usize));
        let mut tasks = Vec::new();
        for i in 0..50 {
            let (turns, busy) = (turns.clone(), Arc::clone(&busy));
            tasks.push(tokio::spawn(async move {
                let lane = if i % 3 == 0 { Lane::Prompt } else { Lane::Bulk };
                let _turn = turns.take(lane).await;
                {
                    let mut now = busy.lock().unwrap();
                    *now += 1;
                    assert_eq!(*now, 1, "two writes had the connection at once");
                }
                tokio::task::yield_now().await;
                *busy.lock().unwrap() -= 1;
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(turns.waiting(), (0, 0));
    }

    #[tokio::test]
    async fn a_write_that_stops_waiting_passes_its_turn_on() {
        let turns = Turns::default();
        let first = turns.take(Lane::Prompt).await;
        // Gives up before its turn comes.
        let gave_up =
            tokio::time::timeout(Duration::from_millis(5), turns.take(Lane::Prompt)).await;
        assert!(gave_up.is_err());
        let next = {
            let turns = turns.clone();
            tokio::spawn(async move { drop(turns.take(Lane::Bulk).await) })
        };
        while turns.waiting().1 == 0 {
            tokio::task::yield_now().await;
        }
        drop(first);
        next.await.unwrap();
        // And the connection is free again.
        drop(turns.take(Lane::Prompt).await);
    }
}
