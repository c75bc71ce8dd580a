//! The project as an indexed graph: tasks by position, the outline (summary tasks and
//! their leaf descendants), relations as links between leaf tasks, and a topological
//! order. Summary-task relations are expanded onto leaves the way MPXJ does.

use std::collections::HashMap;

use super::error::{ScheduleError, TaskRef};
use super::model::{Lag, Project, RelationType, TaskUid};

/// A dependency between two leaf tasks, by position in `Project::tasks`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Link {
    pub(crate) predecessor: usize,
    pub(crate) successor: usize,
    pub(crate) kind: RelationType,
    pub(crate) lag: Lag,
}

/// Tasks, outline and leaf-to-leaf links of a project, validated.
pub(crate) struct Network {
    /// Children of each task, in input order.
    pub(crate) children: Vec<Vec<usize>>,
    /// Tasks without a parent, in input order.
    pub(crate) roots: Vec<usize>,
    /// Relations between leaf tasks, as given.
    pub(crate) links: Vec<Link>,
    /// Relations touching a summary task, as given (expanded later, once early dates exist).
    pub(crate) summary_relations: Vec<Link>,
    /// Relations leaving each task as given in the input (for free slack), by index into
    /// `Project::relations`.
    pub(crate) outgoing: Vec<Vec<usize>>,
    /// Position of each relation's predecessor and successor, parallel to `Project::relations`.
    pub(crate) relation_ends: Vec<(usize, usize)>,
}

impl Network {
    /// Indexes `project`, rejecting duplicate or unknown uids and outline loops.
    pub(crate) fn new(project: &Project) -> Result<Self, ScheduleError> {
        let mut position = HashMap::with_capacity(project.tasks.len());
        for (index, task) in project.tasks.iter().enumerate() {
            if task.duration.minutes() < 0 {
                return Err(ScheduleError::NegativeDuration(task.uid));
            }
            if position.insert(task.uid, index).is_some() {
                return Err(ScheduleError::DuplicateTask(task.uid));
            }
        }
        let find = |uid: TaskUid, context: &'static str| {
            position
                .get(&uid)
                .copied()
                .ok_or(ScheduleError::UnknownTask { task: uid, context })
        };

        let mut children = vec![Vec::new(); project.tasks.len()];
        let mut roots = Vec::new();
        for (index, task) in project.tasks.iter().enumerate() {
            match task.parent {
                Some(parent) => children[find(parent, "a task's parent")?].push(index),
                None => roots.push(index),
            }
        }
        reject_outline_loops(project, &children, &roots)?;

        let mut links = Vec::with_capacity(project.relations.len());
        let mut summary_relations = Vec::new();
        let mut outgoing = vec![Vec::new(); project.tasks.len()];
        let mut relation_ends = Vec::with_capacity(project.relations.len());
        for (index, relation) in project.relations.iter().enumerate() {
            let link = Link {
                predecessor: find(relation.predecessor, "a relation's predecessor")?,
                successor: find(relation.successor, "a relation's successor")?,
                kind: relation.kind,
                lag: relation.lag,
            };
            outgoing[link.predecessor].push(index);
            relation_ends.push((link.predecessor, link.successor));
            if children[link.predecessor].is_empty() && children[link.successor].is_empty() {
                links.push(link);
            } else {
                summary_relations.push(link);
            }
        }
        Ok(Self {
            children,
            roots,
            links,
            summary_relations,
            outgoing,
            relation_ends,
        })
    }

    /// Whether the task at `index` is a summary task.
    pub(crate) fn is_summary(&self, index: usize) -> bool {
        !self.children[index].is_empty()
    }

    /// Leaf descendants of a summary task in MPXJ's order: its own leaf children first,
    /// then those of each summary child in turn.
    pub(crate) fn leaf_descendants(&self, summary: usize) -> Vec<usize> {
        let mut leaves = Vec::new();
        self.collect_leaves(summary, &mut leaves);
        leaves
    }

    fn collect_leaves(&self, summary: usize, leaves: &mut Vec<usize>) {
        let children = &self.children[summary];
        leaves.extend(children.iter().copied().filter(|&c| !self.is_summary(c)));
        for &child in children.iter().filter(|&&c| self.is_summary(c)) {
            self.collect_leaves(child, leaves);
        }
    }

    /// Relations on summary tasks turned into leaf-to-leaf links: a summary successor
    /// stands for all its leaves; a summary predecessor stands for all its leaves, except
    /// in start-to-start and start-to-finish links where it is its earliest-starting leaf
    /// (by `early_start`, first in outline order on ties).
    pub(crate) fn expand_summary_relations(&self, early_start: &[i64]) -> Vec<Link> {
        let mut expanded = Vec::new();
        for link in &self.summary_relations {
            let predecessors = if !self.is_summary(link.predecessor) {
                vec![link.predecessor]
            } else if matches!(
                link.kind,
                RelationType::StartStart | RelationType::StartFinish
            ) {
                let leaves = self.leaf_descendants(link.predecessor);
                let earliest = leaves.iter().copied().reduce(|best, leaf| {
                    if early_start[leaf] < early_start[best] {
                        leaf
                    } else {
                        best
                    }
                });
                earliest.into_iter().collect()
            } else {
                self.leaf_descendants(link.predecessor)
            };
            let successors = if self.is_summary(link.successor) {
                self.leaf_descendants(link.successor)
            } else {
                vec![link.successor]
            };
            for &predecessor in &predecessors {
                for &successor in &successors {
                    expanded.push(Link {
                        predecessor,
                        successor,
                        ..*link
                    });
                }
            }
        }
        expanded
    }
}

fn reject_outline_loops(
    project: &Project,
    children: &[Vec<usize>],
    roots: &[usize],
) -> Result<(), ScheduleError> {
    let mut reached = vec![false; children.len()];
    let mut stack: Vec<usize> = roots.to_vec();
    while let Some(index) = stack.pop() {
        reached[index] = true;
        stack.extend(&children[index]);
    }
    match reached.iter().position(|&seen| !seen) {
        Some(index) => Err(ScheduleError::CircularOutline(project.tasks[index].uid)),
        None => Ok(()),
    }
}

/// Adjacency of the links in compressed form, and a topological order of the leaf tasks.
pub(crate) struct Graph {
    /// Link indices entering each task: `incoming[incoming_start[t]..incoming_start[t + 1]]`.
    incoming: Vec<u32>,
    incoming_start: Vec<u32>,
    outgoing: Vec<u32>,
    outgoing_start: Vec<u32>,
    /// Leaf tasks, every predecessor before its successors.
    pub(crate) order: Vec<usize>,
}

impl Graph {
    /// Orders the leaf tasks of `network` along `links`, or names the tasks of a cycle.
    pub(crate) fn new(
        project: &Project,
        network: &Network,
        links: &[Link],
    ) -> Result<Self, ScheduleError> {
        let task_count = network.children.len();
        let (incoming_start, incoming) = compress(task_count, links, |link| link.successor);
        let (outgoing_start, outgoing) = compress(task_count, links, |link| link.predecessor);

        let mut pending: Vec<u32> = (0..task_count)
            .map(|task| incoming_start[task + 1] - incoming_start[task])
            .collect();
        let mut order: Vec<usize> = (0..task_count)
            .filter(|&task| !network.is_summary(task) && pending[task] == 0)
            .collect();
        let mut next = 0;
        while next < order.len() {
            let task = order[next];
            next += 1;
            let range = outgoing_start[task] as usize..outgoing_start[task + 1] as usize;
            for &link in &outgoing[range] {
                let successor = links[link as usize].successor;
                pending[successor] -= 1;
                if pending[successor] == 0 {
                    order.push(successor);
                }
            }
        }
        let graph = Self {
            incoming,
            incoming_start,
            outgoing,
            outgoing_start,
            order,
        };
        let leaf_count = (0..task_count).filter(|&t| !network.is_summary(t)).count();
        if graph.order.len() < leaf_count {
            return Err(ScheduleError::Cycle(
                graph.find_cycle(project, links, &pending),
            ));
        }
        Ok(graph)
    }

    /// Links entering `task`.
    pub(crate) fn incoming(&self, task: usize) -> &[u32] {
        &self.incoming[self.incoming_start[task] as usize..self.incoming_start[task + 1] as usize]
    }

    /// Links leaving `task`.
    pub(crate) fn outgoing(&self, task: usize) -> &[u32] {
        &self.outgoing[self.outgoing_start[task] as usize..self.outgoing_start[task + 1] as usize]
    }

    /// Walks backwards through unresolved predecessors until a task repeats: the walk
    /// from that repeat is a cycle. `pending` counts unresolved predecessors per task.
    fn find_cycle(&self, project: &Project, links: &[Link], pending: &[u32]) -> Vec<TaskRef> {
        let Some(start) = pending.iter().position(|&count| count > 0) else {
            return Vec::new();
        };
        let mut visited_at = HashMap::new();
        let mut walk = Vec::new();
        let mut task = start;
        while let std::collections::hash_map::Entry::Vacant(entry) = visited_at.entry(task) {
            entry.insert(walk.len());
            walk.push(task);
            let blocked = self
                .incoming(task)
                .iter()
                .map(|&link| links[link as usize].predecessor)
                .find(|&predecessor| pending[predecessor] > 0);
            match blocked {
                Some(predecessor) => task = predecessor,
                None => break,
            }
        }
        let cycle_start = visited_at.get(&task).copied().unwrap_or(0);
        walk[cycle_start..]
            .iter()
            .rev()
            .map(|&index| TaskRef {
                uid: project.tasks[index].uid,
                name: project.tasks[index].name.clone(),
            })
            .collect()
    }
}

/// Groups link indices by `key` into offsets and a flat list (compressed sparse rows).
fn compress(
    task_count: usize,
    links: &[Link],
    key: impl Fn(&Link) -> usize,
) -> (Vec<u32>, Vec<u32>) {
    let mut start = vec![0u32; task_count + 1];
    for link in links {
        start[key(link) + 1] += 1;
    }
    for task in 0..task_count {
        start[task + 1] += start[task];
    }
    let mut fill = start.clone();
    let mut flat = vec![0u32; links.len()];
    for (index, link) in links.iter().enumerate() {
        let slot = &mut fill[key(link)];
        flat[*slot as usize] = index as u32;
        *slot += 1;
    }
    (start, flat)
}
