//! The project as an indexed graph: tasks by position, the outline (summary tasks and
//! their leaf descendants), relations as links between leaf tasks, and a topological
//! order. Summary-task relations are expanded onto leaves the way MPXJ does.

use std::collections::HashMap;

use super::error::{ScheduleError, TaskRef};
use super::model::{Lag, Project, RelationType, TaskUid};
use super::outline::Outline;
use super::parallel;
use super::timing::{Offset, TaskTiming, resolve_lag};

/// A dependency between two leaf tasks, by position in `Project::tasks` (16 bytes: the
/// lag stays in the relation it came from).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Link {
    pub(crate) predecessor: u32,
    pub(crate) successor: u32,
    /// Position of the relation in `Project::relations` (for its lag).
    pub(crate) relation: u32,
    pub(crate) kind: RelationType,
}

impl Link {
    /// The lag as given, looked up in the relation the link came from.
    pub(crate) fn lag(&self, project: &Project) -> Lag {
        project.relations[self.relation as usize].lag
    }
}

/// Tasks, outline and leaf-to-leaf links of a project, validated.
pub(crate) struct Network {
    /// Children of each task and the roots of the work breakdown structure.
    pub(crate) outline: Outline,
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

        let outline = Outline::new(project, |uid| find(uid, "a task's parent"))?;
        let mut links = Vec::with_capacity(project.relations.len());
        let mut summary_relations = Vec::new();
        for (index, relation) in project.relations.iter().enumerate() {
            let link = Link {
                predecessor: find(relation.predecessor, "a relation's predecessor")? as u32,
                successor: find(relation.successor, "a relation's successor")? as u32,
                relation: index as u32,
                kind: relation.kind,
            };
            let touches_summary = outline.is_summary(link.predecessor as usize)
                || outline.is_summary(link.successor as usize);
            if touches_summary {
                summary_relations.push(link);
            } else {
                links.push(link);
            }
        }
        // Without summary relations the given relations are the graph's links, whose
        // adjacency the graph already holds.
        let given_outgoing = summary_relations.first().map(|&filler| {
            let given = links.iter().chain(&summary_relations);
            Adjacency::new(
                project.tasks.len(),
                links.len() + summary_relations.len(),
                given.clone().map(|link| link.predecessor as usize),
                given.copied(),
                filler,
            )
        });
        Ok(Self {
            outline,
            links,
            summary_relations,
            given_outgoing,
        })
    }

    /// Whether the task at `index` is a summary task.
    pub(crate) fn is_summary(&self, index: usize) -> bool {
        self.outline.is_summary(index)
    }

    /// Leaf descendants of a summary task in MPXJ's order: its own leaf children first,
    /// then those of each summary child in turn.
    pub(crate) fn leaf_descendants(&self, summary: usize) -> Vec<usize> {
        let mut leaves = Vec::new();
        self.collect_leaves(summary, &mut leaves);
        leaves
    }

    fn collect_leaves(&self, summary: usize, leaves: &mut Vec<usize>) {
        let children = self.outline.children(summary).iter().map(|&c| c as usize);
        leaves.extend(children.clone().filter(|&c| !self.is_summary(c)));
        for child in children.filter(|&c| self.is_summary(c)) {
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
            let (predecessor, successor) = (link.predecessor as usize, link.successor as usize);
            let predecessors = if !self.is_summary(predecessor) {
                vec![predecessor]
            } else if matches!(
                link.kind,
                RelationType::StartStart | RelationType::StartFinish
            ) {
                let leaves = self.leaf_descendants(predecessor);
                let earliest = leaves.iter().copied().reduce(|best, leaf| {
                    if early_start[leaf] < early_start[best] {
                        leaf
                    } else {
                        best
                    }
                });
                earliest.into_iter().collect()
            } else {
                self.leaf_descendants(predecessor)
            };
            let successors = if self.is_summary(successor) {
                self.leaf_descendants(successor)
            } else {
                vec![successor]
            };
            for &predecessor in &predecessors {
                for &successor in &successors {
                    expanded.push(Link {
                        predecessor: predecessor as u32,
                        successor: successor as u32,
                        ..*link
                    });
                }
            }
        }
        expanded
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
    /// Groups `values` by the task `tasks` gives for each (`count` of them), keeping
    /// their order within a task; `filler` only initialises the storage.
    fn new(
        task_count: usize,
        count: usize,
        tasks: impl Iterator<Item = usize> + Clone,
        values: impl Iterator<Item = E>,
        filler: E,
    ) -> Self {
        let mut adjacency = Self::sized(task_count, count, tasks.clone(), filler);
        for (task, value) in tasks.zip(values) {
            adjacency.place(task, value);
        }
        adjacency.finish();
        adjacency
    }

    /// Room for `count` entries, grouped by the task `tasks` gives for each, to be
    /// filled with [`Self::place`] in order and closed with [`Self::finish`].
    fn sized(
        task_count: usize,
        count: usize,
        tasks: impl Iterator<Item = usize>,
        filler: E,
    ) -> Self {
        let mut start = vec![0u32; task_count + 1];
        for task in tasks {
            start[task + 1] += 1;
        }
        for task in 0..task_count {
            start[task + 1] += start[task];
        }
        Self {
            start,
            entries: vec![filler; count],
        }
    }

    /// Puts `entry` after those already placed under `task`. Until [`Self::finish`],
    /// each task's start serves as its cursor, ending at the next task's start.
    fn place(&mut self, task: usize, entry: E) {
        let slot = &mut self.start[task];
        self.entries[*slot as usize] = entry;
        *slot += 1;
    }

    /// Restores the starts once every entry is placed (shifting them up one task).
    fn finish(&mut self) {
        let task_count = self.start.len() - 1;
        self.start.copy_within(0..task_count, 1);
        self.start[0] = 0;
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
/// resolved lag, in 16 bytes (the lag's parts are stored flat for that).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Edge {
    lag_millis: i64,
    pub(crate) task: u32,
    pub(crate) kind: RelationType,
    lag_elapsed: bool,
}

impl Edge {
    /// The resolved lag.
    pub(crate) fn lag(&self) -> Offset {
        Offset {
            millis: self.lag_millis,
            elapsed: self.lag_elapsed,
        }
    }
}

/// Adjacency of the links, and a topological order of the leaf tasks.
pub(crate) struct Graph {
    incoming: Adjacency<Edge>,
    outgoing: Adjacency<Edge>,
    /// Leaf tasks, every predecessor before its successors.
    pub(crate) order: Vec<usize>,
}

impl Graph {
    /// Orders the leaf tasks of `network` along `links` (resolving their lags with the
    /// predecessors' `timings`), or names the tasks of a cycle.
    pub(crate) fn new(
        project: &Project,
        network: &Network,
        links: &[Link],
        timings: &[TaskTiming],
    ) -> Result<Self, ScheduleError> {
        let task_count = project.tasks.len();
        let filler = Edge {
            lag_millis: 0,
            task: 0,
            kind: RelationType::FinishStart,
            lag_elapsed: false,
        };
        // Each direction on its own thread for a large project.
        let adjacency = |by_successor: bool| {
            let ends = |link: &Link| {
                if by_successor {
                    (link.successor as usize, link.predecessor)
                } else {
                    (link.predecessor as usize, link.successor)
                }
            };
            let tasks = links.iter().map(|link| ends(link).0);
            let mut adjacency = Adjacency::sized(task_count, links.len(), tasks, filler);
            for link in links {
                let lag = resolve_lag(link.lag(project), &timings[link.predecessor as usize]);
                let (task, other) = ends(link);
                let edge = Edge {
                    lag_millis: lag.millis,
                    task: other,
                    kind: link.kind,
                    lag_elapsed: lag.elapsed,
                };
                adjacency.place(task, edge);
            }
            adjacency.finish();
            adjacency
        };
        let (incoming, outgoing) = parallel::both(
            parallel::worth_it(task_count),
            || adjacency(true),
            || adjacency(false),
        );
        let mut pending: Vec<u32> = (0..task_count).map(|task| incoming.len_of(task)).collect();
        let mut order = Vec::with_capacity(task_count);
        order.extend(
            (0..task_count).filter(|&task| !network.is_summary(task) && pending[task] == 0),
        );
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
