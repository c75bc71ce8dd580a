//! The work breakdown structure as compact arrays: the children of every task in one
//! compressed adjacency (not a `Vec` per task, which cost 24 bytes a task even for the
//! usual flat list), and nothing at all for a project without summary tasks.

use super::error::ScheduleError;
use super::model::{Project, TaskUid};

/// Children of each task, in input order, and the tasks without a parent.
pub(crate) struct Outline {
    /// Where each task's children begin in `children` (one more entry than tasks); empty
    /// for a flat task list.
    first_child: Vec<u32>,
    children: Vec<u32>,
    /// Tasks without a parent, in input order; empty for a flat task list.
    roots: Vec<u32>,
}

impl Outline {
    /// Groups tasks under their parents, found by `position`. Rejects unknown parents and
    /// loops (a task that is its own ancestor).
    pub(crate) fn new(
        project: &Project,
        position: impl Fn(TaskUid) -> Result<usize, ScheduleError>,
    ) -> Result<Self, ScheduleError> {
        if project.tasks.iter().all(|task| task.parent.is_none()) {
            return Ok(Self {
                first_child: Vec::new(),
                children: Vec::new(),
                roots: Vec::new(),
            });
        }
        let parents = project
            .tasks
            .iter()
            .map(|task| task.parent.map(&position).transpose())
            .collect::<Result<Vec<_>, _>>()?;
        let count = parents.len();
        let mut first_child = vec![0u32; count + 1];
        for &parent in parents.iter().flatten() {
            first_child[parent + 1] += 1;
        }
        for task in 0..count {
            first_child[task + 1] += first_child[task];
        }
        let mut fill = first_child.clone();
        let mut children = vec![0u32; first_child[count] as usize];
        let mut roots = Vec::new();
        for (task, parent) in parents.iter().enumerate() {
            match parent {
                Some(parent) => {
                    let slot = &mut fill[*parent];
                    children[*slot as usize] = task as u32;
                    *slot += 1;
                }
                None => roots.push(task as u32),
            }
        }
        let outline = Self {
            first_child,
            children,
            roots,
        };
        outline.reject_loops(project)?;
        Ok(outline)
    }

    /// The children of `task`, in input order.
    pub(crate) fn children(&self, task: usize) -> &[u32] {
        match self.first_child.get(task..task + 2) {
            Some(&[first, end]) => &self.children[first as usize..end as usize],
            _ => &[],
        }
    }

    /// Whether the task at `task` is a summary task.
    pub(crate) fn is_summary(&self, task: usize) -> bool {
        !self.children(task).is_empty()
    }

    /// Tasks without a parent, in input order (none for a flat list: no roll-up needed).
    pub(crate) fn roots(&self) -> &[u32] {
        &self.roots
    }

    /// Every task must be reachable from a root; one that is not sits on a parent loop.
    fn reject_loops(&self, project: &Project) -> Result<(), ScheduleError> {
        let mut reached = vec![false; self.first_child.len() - 1];
        let mut stack: Vec<u32> = self.roots.clone();
        while let Some(task) = stack.pop() {
            reached[task as usize] = true;
            stack.extend_from_slice(self.children(task as usize));
        }
        match reached.iter().position(|&seen| !seen) {
            Some(task) => Err(ScheduleError::CircularOutline(project.tasks[task].uid)),
            None => Ok(()),
        }
    }
}
