//! When and how the scheduler spreads independent work over the cores: only for large
//! projects, since handing work to rayon's pool costs more than small ones save.

/// Projects from this many tasks build their indexes and assemble their output on
/// several threads.
pub(crate) const PARALLEL_TASKS: usize = 16_384;

/// Whether a project of `task_count` tasks is worth spreading over the cores.
pub(crate) fn worth_it(task_count: usize) -> bool {
    task_count >= PARALLEL_TASKS
}

/// Runs `a` and `b`, on two threads when `parallel`.
pub(crate) fn both<A: Send, B: Send>(
    parallel: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if parallel {
        rayon::join(a, b)
    } else {
        (a(), b())
    }
}
