//! The project as an indexed graph: tasks by position, the outline (summary tasks and
//! their leaf descendants), relations as links between leaf tasks, and a topological
//! order. Summary-task relations are expanded onto leaves the way MPXJ does.

use std::collections::HashMap;

use super::error::{ScheduleError, TaskRef};
use super::model::{Lag, Project, RelationType, TaskUid};
use super::timing::Offset;

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
    /// Relations leaving each task as given, grouped by predecessor, when some touch a
    /// summary task (otherwise they are the links of the unexpanded [`Graph`]).
    pub(crate) given_outgoing: Option<Adjacency<Link>>,
}

/// Position of each task by uid: a direct table when uids are dense (the usual case),
/// a hash map otherwise.
enum TaskPositions {
    Dense(Vec<u32>),
    Sparse(HashMap<TaskUid, usize>),
}

impl TaskPositions {
    const ABSENT: u32 = u32::MAX;

    fn new(project: &Project) -> Result<Self, ScheduleError> {
        let count = project.tasks.len();
        let largest = project.tasks.iter().map(|task| task.uid.0 as usize).max();
        if largest.is_some_and(|largest| largest <= 4 * count + 64) {
            let mut table = vec![Self::ABSENT; largest.unwrap_or(0) + 1];
            for (index, task) in project.tasks.iter().enumerate() {
                let slot = &mut table[task.uid.0 as usize];
                if *slot != Self::ABSENT {
                    return Err(ScheduleError::DuplicateTask(task.uid));
                }
                *slot = index as u32;
            }
            return Ok(Self::Dense(table));
        }
        let mut positions = HashMap::with_capacity(count);
        for (index, task) in project.tasks.iter().enumerate() {
            if positions.insert(task.uid, index).is_some() {
                return Err(ScheduleError::DuplicateTask(task.uid));
            }
        }
        Ok(Self::Sparse(positions))
    }

    fn get(&self, uid: TaskUid) -> Option<usize> {
        match self {
            Self::Dense(table) => table
                .get(uid.0 as usize)
                .filter(|&&index| index != Self::ABSENT)
                .map(|&index| index as usize),
            Self::Sparse(positions) => positions.get(&uid).copied(),
        }
    }
}

impl Network {
    /// Indexes `project`, rejecting duplicate or unknown uids and outline loops.
    pub(crate) fn new(project: &Project) -> Result<Self, ScheduleError> {
        if let Some(task) = project
            .tasks
            .iter()
            .find(|task| task.duration.minutes() < 0)
        {
            return Err(ScheduleError::NegativeDuration(task.uid));
        }
        let positions = TaskPositions::new(project)?;
        let find = |uid: TaskUid, context: &'static str| {
            positions
                .get(uid)
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
        for relation in &project.relations {
            let link = Link {
                predecessor: find(relation.predecessor, "a relation's predecessor")?,
                successor: find(relation.successor, "a relation's successor")?,
                kind: relation.kind,
                lag: relation.lag,
            };
            if children[link.predecessor].is_empty() && children[link.successor].is_empty() {
                links.push(link);
            } else {
                summary_relations.push(link);
            }
        }
        // Without summary relations the given relations are the graph's links, whose
        // adjacency the graph already holds.
        let given_outgoing = summary_relations.first().map(|&filler| {
            let given = links.iter().chain(&summary_relations);
            Adjacency::new(
                project.tasks.len(),
                links.len() + summary_relations.len(),
                given.map(|link| (link.predecessor, *link)),
                filler,
            )
        });
        Ok(Self {
            children,
            roots,
            links,
            summary_relations,
            given_outgoing,
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
    if roots.len() == children.len() {
        // A flat task list: no parents, so no loops.
        return Ok(());
    }
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

/// Entries grouped by task in compressed form (one allocation for all tasks). Entries
/// are stored inline, not as indices into the links, so the passes read them in order
/// instead of jumping around a large array.
pub(crate) struct Adjacency<E> {
    start: Vec<u32>,
    entries: Vec<E>,
}

impl<E: Copy> Adjacency<E> {
    /// Groups `items` (`(task, entry)` pairs, `count` of them) by task, keeping their
    /// order within a task; `filler` only initialises the storage.
    fn new<I>(task_count: usize, count: usize, items: I, filler: E) -> Self
    where
        I: Iterator<Item = (usize, E)> + Clone,
    {
        let mut start = vec![0u32; task_count + 1];
        for (task, _) in items.clone() {
            start[task + 1] += 1;
        }
        for task in 0..task_count {
            start[task + 1] += start[task];
        }
        let mut fill = start.clone();
        let mut entries = vec![filler; count];
        for (task, entry) in items {
            let slot = &mut fill[task];
            entries[*slot as usize] = entry;
            *slot += 1;
        }
        Self { start, entries }
    }

    /// The entries grouped under `task`.
    pub(crate) fn of(&self, task: usize) -> &[E] {
        &self.entries[self.start[task] as usize..self.start[task + 1] as usize]
    }

    fn len_of(&self, task: usize) -> u32 {
        self.start[task + 1] - self.start[task]
    }
}

/// One end of a link as seen from the other: the task there, the relation type and the
/// resolved lag.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Edge {
    pub(crate) task: u32,
    pub(crate) kind: RelationType,
    pub(crate) lag: Offset,
}

/// Adjacency of the links, and a topological order of the leaf tasks.
pub(crate) struct Graph {
    incoming: Adjacency<Edge>,
    outgoing: Adjacency<Edge>,
    /// Leaf tasks, every predecessor before its successors.
    pub(crate) order: Vec<usize>,
}

impl Graph {
    /// Orders the leaf tasks of `network` along `links` (whose resolved lags are `lags`),
    /// or names the tasks of a cycle.
    pub(crate) fn new(
        project: &Project,
        network: &Network,
        links: &[Link],
        lags: &[Offset],
    ) -> Result<Self, ScheduleError> {
        let task_count = network.children.len();
        let filler = Edge {
            task: 0,
            kind: RelationType::FinishStart,
            lag: Offset::ZERO,
        };
        let edges = |from_successor: bool| {
            links.iter().zip(lags).map(move |(link, &lag)| {
                let (key, other) = if from_successor {
                    (link.successor, link.predecessor)
                } else {
                    (link.predecessor, link.successor)
                };
                let edge = Edge {
                    task: other as u32,
                    kind: link.kind,
                    lag,
                };
                (key, edge)
            })
        };
        let incoming = Adjacency::new(task_count, links.len(), edges(true), filler);
        let outgoing = Adjacency::new(task_count, links.len(), edges(false), filler);
        let mut pending: Vec<u32> = (0..task_count).map(|task| incoming.len_of(task)).collect();
        let mut order: Vec<usize> = (0..task_count)
            .filter(|&task| !network.is_summary(task) && pending[task] == 0)
            .collect();
        let mut next = 0;
        while next < order.len() {
            let task = order[next];
            next += 1;
            for edge in outgoing.of(task) {
                let successor = edge.task as usize;
                pending[successor] -= 1;
                if pending[successor] == 0 {
                    order.push(successor);
                }
            }
        }
        let graph = Self {
            incoming,
            outgoing,
            order,
        };
        let leaf_count = (0..task_count).filter(|&t| !network.is_summary(t)).count();
        if graph.order.len() < leaf_count {
            return Err(ScheduleError::Cycle(graph.find_cycle(project, &pending)));
        }
        Ok(graph)
    }

    /// Links entering `task`, seen from their predecessors.
    pub(crate) fn incoming(&self, task: usize) -> &[Edge] {
        self.incoming.of(task)
    }

    /// Every link, once (seen from its successor).
    pub(crate) fn all_edges(&self) -> impl Iterator<Item = &Edge> {
        self.incoming.entries.iter()
    }

    /// Links leaving `task`, seen from their successors.
    pub(crate) fn outgoing(&self, task: usize) -> &[Edge] {
        self.outgoing.of(task)
    }

    /// Walks backwards through unresolved predecessors until a task repeats: the walk
    /// from that repeat is a cycle. `pending` counts unresolved predecessors per task.
    fn find_cycle(&self, project: &Project, pending: &[u32]) -> Vec<TaskRef> {
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
                .map(|edge| edge.task as usize)
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
