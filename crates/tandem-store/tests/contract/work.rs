//! Work items: workflow, numbering, filters, history, dependencies, comments, saved views.

use crate::harness::{conflict, invalid, member, open};
use tandem_core::roles::ProjectRole;
use tandem_core::values::{Name, ProjectKey};
use tandem_core::work::{DependencyKind, ItemType, StatusCategory};
use tandem_store::{
    ItemFilter, ItemPatch, ItemSort, NewDependency, NewItem, NewProject, Project, StatusInput,
    Store, StoreConfig, StoreError, WorkflowInput,
};

async fn project(store: &Store, key: &str) -> Project {
    store
        .create_project(&NewProject {
            key: ProjectKey::parse(key).unwrap(),
            name: Name::parse("name", key).unwrap(),
            client_id: None,
            description: String::new(),
            start_date: None,
            target_launch_date: None,
            budget: None,
            product_manager_id: None,
            project_manager_id: None,
            created_by: None,
        })
        .await
        .unwrap()
}

fn status_id(workflow: &tandem_store::Workflow, name: &str) -> i64 {
    workflow
        .statuses
        .iter()
        .find(|status| status.name == name)
        .unwrap()
        .id
}

pub async fn workflow_defaults_and_replacement(config: StoreConfig) {
    let store = open(&config).await;
    let acme = project(&store, "ACME").await;
    let workflow = store.workflow(acme.id).await.unwrap();
    let names: Vec<&str> = workflow.statuses.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["Backlog", "To do", "In progress", "In review", "Done"]
    );
    assert!(workflow.transitions.is_empty());
    assert_eq!(workflow.version, 1);
    // Reading again does not create a second set.
    assert_eq!(store.workflow(acme.id).await.unwrap(), workflow);

    let todo = status_id(&workflow, "To do");
    let doing = status_id(&workflow, "In progress");
    let done = status_id(&workflow, "Done");
    let item = store
        .create_item(&NewItem {
            status_id: Some(todo),
            ..NewItem::new(acme.id, ItemType::Task, "Wire payments")
        })
        .await
        .unwrap();
    let input = WorkflowInput {
        statuses: vec![
            StatusInput {
                id: Some(todo),
                name: "Ready".into(),
                category: StatusCategory::Todo,
                wip_limit: None,
            },
            StatusInput {
                id: Some(doing),
                name: "Doing".into(),
                category: StatusCategory::InProgress,
                wip_limit: Some(2),
            },
            StatusInput {
                id: None,
                name: "Testing".into(),
                category: StatusCategory::InProgress,
                wip_limit: Some(1),
            },
            StatusInput {
                id: Some(done),
                name: "Done".into(),
                category: StatusCategory::Done,
                wip_limit: None,
            },
        ],
        transitions: vec![
            ("Ready".into(), "Doing".into()),
            ("Doing".into(), "Testing".into()),
            ("Testing".into(), "Done".into()),
        ],
    };
    let stale = store.replace_workflow(acme.id, &input, 7).await;
    assert!(matches!(
        stale,
        Err(StoreError::VersionConflict { current: 1 })
    ));
    let replaced = store.replace_workflow(acme.id, &input, 1).await.unwrap();
    let names: Vec<&str> = replaced.statuses.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Ready", "Doing", "Testing", "Done"]);
    assert_eq!(replaced.transitions.len(), 3);
    assert_eq!(replaced.version, 2);
    assert_eq!(store.item(item.id).await.unwrap().status.name, "Ready");

    // Transition rules apply to moves.
    let refused = store
        .update_item(
            item.id,
            &ItemPatch {
                status_id: Some(done),
                ..ItemPatch::default()
            },
            1,
            None,
        )
        .await;
    assert!(invalid(refused).starts_with("status_id: the workflow does not allow"));
    let moved = store
        .update_item(
            item.id,
            &ItemPatch {
                status_id: Some(doing),
                ..ItemPatch::default()
            },
            1,
            None,
        )
        .await
        .unwrap();
    assert_eq!(moved.status.name, "Doing");

    // A status holding items cannot be removed; a workflow needs every category.
    let without_doing = WorkflowInput {
        statuses: input
            .statuses
            .iter()
            .filter(|status| status.id != Some(doing))
            .cloned()
            .map(|status| match status.name.as_str() {
                "Testing" => StatusInput {
                    id: Some(status_id(&replaced, "Testing")),
                    ..status
                },
                _ => status,
            })
            .collect(),
        transitions: vec![],
    };
    let message = invalid(store.replace_workflow(acme.id, &without_doing, 2).await);
    assert!(message.contains("'Doing' still holds 1 items"), "{message}");
    let no_done = WorkflowInput {
        statuses: vec![StatusInput {
            id: Some(todo),
            name: "Ready".into(),
            category: StatusCategory::Todo,
            wip_limit: None,
        }],
        transitions: vec![],
    };
    assert!(invalid(store.replace_workflow(acme.id, &no_done, 2).await).starts_with("statuses:"));
    let counts = store.status_counts(acme.id).await.unwrap();
    assert_eq!(counts.get(&doing), Some(&1));
}

pub async fn items_are_numbered_filtered_and_rolled_up(config: StoreConfig) {
    let store = open(&config).await;
    let acme = project(&store, "ACME").await;
    let other = project(&store, "OTHER").await;
    let ada = member(&store, "ada@example.com").await;
    let outsider = member(&store, "out@example.com").await;
    store
        .add_member(acme.id, ada.id, ProjectRole::Member)
        .await
        .unwrap();
    let epic = store
        .create_item(&NewItem {
            created_by: Some(ada.id),
            ..NewItem::new(acme.id, ItemType::Epic, "Checkout")
        })
        .await
        .unwrap();
    assert_eq!((epic.key.as_str(), epic.number), ("ACME-1", 1));
    assert_eq!(epic.status.name, "Backlog");
    let story = store
        .create_item(&NewItem {
            parent_id: Some(epic.id),
            assignee_id: Some(ada.id),
            estimate_minutes: Some(300),
            story_points: Some(5),
            labels: vec!["payments".into(), "ux".into()],
            description: "Pay with **cards** 100% safely".into(),
            ..NewItem::new(acme.id, ItemType::Story, "Card payments")
        })
        .await
        .unwrap();
    assert_eq!(story.key, "ACME-2");
    assert_eq!(story.parent.as_ref().unwrap().key, "ACME-1");
    assert_eq!(story.assignee.as_ref().unwrap().id, ada.id);
    assert_eq!(story.labels, ["payments", "ux"]);
    let bug = store
        .create_item(&NewItem {
            parent_id: Some(epic.id),
            estimate_minutes: Some(100),
            blocking: true,
            labels: vec!["payments".into()],
            ..NewItem::new(acme.id, ItemType::Bug, "Totals round wrongly")
        })
        .await
        .unwrap();
    let elsewhere = store
        .create_item(&NewItem::new(other.id, ItemType::Task, "Unrelated"))
        .await
        .unwrap();
    assert_eq!(elsewhere.key, "OTHER-1");

    // References are checked.
    let bad_parent = NewItem {
        parent_id: Some(elsewhere.id),
        ..NewItem::new(acme.id, ItemType::Task, "x")
    };
    assert_eq!(
        invalid(store.create_item(&bad_parent).await),
        "parent: no such item in this project"
    );
    let bad_assignee = NewItem {
        assignee_id: Some(outsider.id),
        ..NewItem::new(acme.id, ItemType::Task, "x")
    };
    assert!(invalid(store.create_item(&bad_assignee).await).starts_with("assignee_id:"));
    let workflow = store.workflow(acme.id).await.unwrap();
    let foreign_status = store.workflow(other.id).await.unwrap().statuses[0].id;
    let bad_status = NewItem {
        status_id: Some(foreign_status),
        ..NewItem::new(acme.id, ItemType::Task, "x")
    };
    assert!(invalid(store.create_item(&bad_status).await).starts_with("status_id:"));

    // Filters.
    let keys = |page: tandem_store::ItemPage| -> Vec<String> {
        page.items.into_iter().map(|item| item.key).collect()
    };
    let all = store
        .list_items(acme.id, &ItemFilter::default())
        .await
        .unwrap();
    assert_eq!(all.total, 3);
    assert_eq!(keys(all), ["ACME-1", "ACME-2", "ACME-3"]);
    let by_label = ItemFilter {
        label: Some("payments".into()),
        ..ItemFilter::default()
    };
    assert_eq!(
        keys(store.list_items(acme.id, &by_label).await.unwrap()),
        ["ACME-2", "ACME-3"]
    );
    let unassigned = ItemFilter {
        assignee: Some(None),
        ..ItemFilter::default()
    };
    assert_eq!(
        keys(store.list_items(acme.id, &unassigned).await.unwrap()),
        ["ACME-1", "ACME-3"]
    );
    let mine = ItemFilter {
        assignee: Some(Some(ada.id)),
        ..ItemFilter::default()
    };
    assert_eq!(
        keys(store.list_items(acme.id, &mine).await.unwrap()),
        ["ACME-2"]
    );
    let text = ItemFilter {
        text: Some("100%".into()),
        ..ItemFilter::default()
    };
    assert_eq!(
        keys(store.list_items(acme.id, &text).await.unwrap()),
        ["ACME-2"]
    );
    let number = ItemFilter {
        text: Some("3".into()),
        ..ItemFilter::default()
    };
    assert_eq!(
        keys(store.list_items(acme.id, &number).await.unwrap()),
        ["ACME-3"]
    );
    let children = ItemFilter {
        parent_id: Some(epic.id),
        item_type: Some(ItemType::Bug),
        ..ItemFilter::default()
    };
    assert_eq!(
        keys(store.list_items(acme.id, &children).await.unwrap()),
        ["ACME-3"]
    );
    let backlog = ItemFilter {
        sprint: Some(None),
        category: Some(StatusCategory::Todo),
        status_id: Some(workflow.statuses[0].id),
        ..ItemFilter::default()
    };
    assert_eq!(store.list_items(acme.id, &backlog).await.unwrap().total, 3);
    let paged = ItemFilter {
        sort: ItemSort::Assignee,
        limit: Some(2),
        offset: 1,
        ..ItemFilter::default()
    };
    let page = store.list_items(acme.id, &paged).await.unwrap();
    assert_eq!(page.total, 3);
    assert_eq!(keys(page), ["ACME-1", "ACME-3"]);
    let by_points = ItemFilter {
        sort: ItemSort::Points,
        descending: true,
        ..ItemFilter::default()
    };
    assert_eq!(
        keys(store.list_items(acme.id, &by_points).await.unwrap())[0],
        "ACME-2"
    );
    assert_eq!(
        store.project_label_names(acme.id).await.unwrap(),
        ["payments", "ux"]
    );

    // Roll-ups: the epic adds up its children.
    let done = status_id(&workflow, "Done");
    store
        .update_item(
            bug.id,
            &ItemPatch {
                status_id: Some(done),
                ..ItemPatch::default()
            },
            1,
            None,
        )
        .await
        .unwrap();
    let nodes = store.rollup_nodes(acme.id).await.unwrap();
    let sums = tandem_core::work::rollup(&nodes);
    let epic_sum = &sums[&epic.id];
    assert_eq!((epic_sum.children, epic_sum.estimate_minutes), (2, 400));
    assert_eq!(epic_sum.progress, 0.25);

    // An item with children cannot be deleted; a leaf can, and its number is not reused.
    let refused = store.delete_item(epic.id, 1, None).await;
    assert_eq!(conflict(refused), "work_items.children");
    store.delete_item(story.id, 1, Some(ada.id)).await.unwrap();
    assert!(matches!(
        store.item(story.id).await,
        Err(StoreError::NotFound)
    ));
    let next = store
        .create_item(&NewItem::new(acme.id, ItemType::Task, "After delete"))
        .await
        .unwrap();
    assert_eq!(next.key, "ACME-4");
    assert_eq!(store.item_by_number(acme.id, 4).await.unwrap().id, next.id);
    let history = store.item_history(story.id).await.unwrap();
    let kinds: Vec<&str> = history.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["created", "deleted"]);
}

pub async fn updates_record_history_and_check_versions(config: StoreConfig) {
    let store = open(&config).await;
    let acme = project(&store, "ACME").await;
    let ada = member(&store, "ada@example.com").await;
    store
        .add_member(acme.id, ada.id, ProjectRole::ProjectManager)
        .await
        .unwrap();
    let workflow = store.workflow(acme.id).await.unwrap();
    let doing = status_id(&workflow, "In progress");
    let done = status_id(&workflow, "Done");
    let parent = store
        .create_item(&NewItem::new(acme.id, ItemType::Story, "Parent"))
        .await
        .unwrap();
    let child = store
        .create_item(&NewItem {
            parent_id: Some(parent.id),
            ..NewItem::new(acme.id, ItemType::Task, "Child")
        })
        .await
        .unwrap();
    let item = store
        .create_item(&NewItem {
            created_by: Some(ada.id),
            estimate_minutes: Some(480),
            ..NewItem::new(acme.id, ItemType::Task, "Build cart")
        })
        .await
        .unwrap();
    assert_eq!(item.version, 1);
    assert!(item.completed_at.is_none());

    let patch = ItemPatch {
        status_id: Some(doing),
        remaining_minutes: Some(Some(240)),
        labels: Some(vec!["cart".into()]),
        title: Some("Build the cart".into()),
        ..ItemPatch::default()
    };
    let updated = store
        .update_item(item.id, &patch, 1, Some(ada.id))
        .await
        .unwrap();
    assert_eq!(updated.version, 2);
    assert_eq!(updated.status.id, doing);
    assert_eq!(updated.labels, ["cart"]);
    let stale = store.update_item(item.id, &patch, 1, Some(ada.id)).await;
    assert!(matches!(
        stale,
        Err(StoreError::VersionConflict { current: 2 })
    ));

    let finished = store
        .update_item(
            item.id,
            &ItemPatch {
                status_id: Some(done),
                remaining_minutes: Some(Some(0)),
                ..ItemPatch::default()
            },
            2,
            Some(ada.id),
        )
        .await
        .unwrap();
    assert!(finished.completed_at.is_some());

    // Parent cycles are refused.
    let cycle = store
        .update_item(
            parent.id,
            &ItemPatch {
                parent_id: Some(Some(child.id)),
                ..ItemPatch::default()
            },
            1,
            None,
        )
        .await;
    assert!(invalid(cycle).starts_with("parent:"));
    let own = store
        .update_item(
            parent.id,
            &ItemPatch {
                parent_id: Some(Some(parent.id)),
                ..ItemPatch::default()
            },
            1,
            None,
        )
        .await;
    assert!(invalid(own).starts_with("parent:"));

    // Board order: put the finished item before the parent.
    let placed = store
        .update_item(
            item.id,
            &ItemPatch {
                place_before: Some(Some(parent.id)),
                ..ItemPatch::default()
            },
            3,
            None,
        )
        .await
        .unwrap();
    assert!(placed.board_rank < parent.board_rank);

    let history = store.item_history(item.id).await.unwrap();
    let summary: Vec<(&str, Option<&str>)> = history
        .iter()
        .map(|event| (event.kind.as_str(), event.field.as_deref()))
        .collect();
    assert_eq!(
        summary,
        [
            ("created", None),
            ("field_changed", Some("title")),
            ("status_changed", Some("status")),
            ("field_changed", Some("remaining_minutes")),
            ("field_changed", Some("labels")),
            ("status_changed", Some("status")),
            ("field_changed", Some("remaining_minutes")),
        ]
    );
    assert_eq!(history[0].actor.as_ref().unwrap().id, ada.id);
    let created = history[0].new_value.as_ref().unwrap();
    assert_eq!(created["estimate_minutes"], 480);
    assert_eq!(created["status"]["category"], "todo");
    let last_status = history[5].new_value.as_ref().unwrap();
    assert_eq!(last_status["category"], "done");
    assert_eq!(history[5].old_value.as_ref().unwrap()["id"], doing);

    let all = store.project_events(acme.id, 0, i64::MAX).await.unwrap();
    assert_eq!(all.len(), 2 + history.len());
}

/// The schedule's actual dates come from these: an item's creation in its first status and
/// every status change, oldest first, with the category entered; other changes, other
/// projects' items and the order of equal times (by event id) are handled.
pub async fn status_entries_replay_creation_and_status_changes(config: StoreConfig) {
    let store = open(&config).await;
    let acme = project(&store, "ACME").await;
    let other = project(&store, "OTHER").await;
    let workflow = store.workflow(acme.id).await.unwrap();
    let doing = status_id(&workflow, "In progress");
    let done = status_id(&workflow, "Done");
    let item = store
        .create_item(&NewItem::new(acme.id, ItemType::Task, "Build cart"))
        .await
        .unwrap();
    let started_directly = store
        .create_item(&NewItem {
            status_id: Some(doing),
            ..NewItem::new(acme.id, ItemType::Task, "Hotfix")
        })
        .await
        .unwrap();
    store
        .create_item(&NewItem::new(other.id, ItemType::Task, "Elsewhere"))
        .await
        .unwrap();
    for (version, patch) in [
        (
            1,
            ItemPatch {
                title: Some("Build the cart".into()),
                ..ItemPatch::default()
            },
        ),
        (
            2,
            ItemPatch {
                status_id: Some(doing),
                ..ItemPatch::default()
            },
        ),
        (
            3,
            ItemPatch {
                status_id: Some(done),
                ..ItemPatch::default()
            },
        ),
    ] {
        store
            .update_item(item.id, &patch, version, None)
            .await
            .unwrap();
    }

    let entries = store.status_entries(acme.id).await.unwrap();
    let seen: Vec<(i64, StatusCategory)> = entries
        .iter()
        .map(|entry| (entry.item_id, entry.category))
        .collect();
    assert_eq!(
        seen,
        [
            (item.id, StatusCategory::Todo),
            (started_directly.id, StatusCategory::InProgress),
            (item.id, StatusCategory::InProgress),
            (item.id, StatusCategory::Done),
        ]
    );
    let history = store.item_history(item.id).await.unwrap();
    let done_at = history
        .iter()
        .rev()
        .find(|e| e.kind == "status_changed")
        .unwrap()
        .at;
    assert_eq!(entries[3].at, done_at);
    assert!(entries.windows(2).all(|pair| pair[0].at <= pair[1].at));
}

pub async fn dependencies_refuse_cycles(config: StoreConfig) {
    let store = open(&config).await;
    let acme = project(&store, "ACME").await;
    let mut ids = Vec::new();
    for title in ["Design", "Build", "Test"] {
        let item = store
            .create_item(&NewItem::new(acme.id, ItemType::Task, title))
            .await
            .unwrap();
        ids.push(item.id);
    }
    let link = |pred: i64, succ: i64| NewDependency {
        predecessor_id: pred,
        successor_id: succ,
        kind: DependencyKind::FinishToStart,
        lag_days: 0,
    };
    let first = store
        .add_dependency(&link(ids[0], ids[1]), None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (first.predecessor.key.as_str(), first.successor.key.as_str()),
        ("ACME-1", "ACME-2")
    );
    assert_eq!(first.predecessor.category, StatusCategory::Todo);
    store
        .add_dependency(
            &NewDependency {
                kind: DependencyKind::StartToStart,
                lag_days: -2,
                ..link(ids[1], ids[2])
            },
            None,
        )
        .await
        .unwrap()
        .unwrap();
    let cycle = store
        .add_dependency(&link(ids[2], ids[0]), None)
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(cycle.keys, ["ACME-3", "ACME-1", "ACME-2", "ACME-3"]);
    let twice = store.add_dependency(&link(ids[0], ids[1]), None).await;
    assert_eq!(conflict(twice), "item_dependencies.pair");

    let all = store.project_dependencies(acme.id).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].lag_days, -2);
    assert_eq!(all[1].kind, DependencyKind::StartToStart);
    let middle = store.item_dependencies(ids[1]).await.unwrap();
    assert_eq!(middle.len(), 2);

    assert!(matches!(
        store.remove_dependency(ids[2], first.id, None).await,
        Err(StoreError::NotFound)
    ));
    store
        .remove_dependency(ids[1], first.id, None)
        .await
        .unwrap();
    assert_eq!(store.project_dependencies(acme.id).await.unwrap().len(), 1);
    let history = store.item_history(ids[1]).await.unwrap();
    let kinds: Vec<&str> = history.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["created", "dependency_added", "dependency_removed"]);
}

pub async fn comments_and_saved_views(config: StoreConfig) {
    let store = open(&config).await;
    let acme = project(&store, "ACME").await;
    let ada = member(&store, "ada@example.com").await;
    let item = store
        .create_item(&NewItem::new(acme.id, ItemType::Task, "Task"))
        .await
        .unwrap();
    let public = store
        .add_comment(item.id, ada.id, "Looks good", false)
        .await
        .unwrap();
    let internal = store
        .add_comment(item.id, ada.id, "Costs more than planned", true)
        .await
        .unwrap();
    assert_eq!(store.comments(item.id, true).await.unwrap().len(), 2);
    let shared = store.comments(item.id, false).await.unwrap();
    assert_eq!(shared, std::slice::from_ref(&public));
    let edited = store
        .update_comment(item.id, internal.id, "Costs a bit more", true, 1)
        .await
        .unwrap();
    assert_eq!(edited.version, 2);
    assert!(edited.edited_at.is_some());
    let stale = store
        .update_comment(item.id, internal.id, "again", true, 1)
        .await;
    assert!(matches!(
        stale,
        Err(StoreError::VersionConflict { current: 2 })
    ));
    store.delete_comment(item.id, public.id).await.unwrap();
    assert!(matches!(
        store.comment(item.id, public.id).await,
        Err(StoreError::NotFound)
    ));

    let view = store
        .create_saved_view(acme.id, ada.id, "My bugs", "type=bug&assignee=me")
        .await
        .unwrap();
    let twice = store
        .create_saved_view(acme.id, ada.id, "My bugs", "type=bug")
        .await;
    assert_eq!(conflict(twice), "saved_views.name");
    assert_eq!(
        store.saved_views(acme.id, ada.id).await.unwrap(),
        std::slice::from_ref(&view)
    );
    let bob = member(&store, "bob@example.com").await;
    assert!(store.saved_views(acme.id, bob.id).await.unwrap().is_empty());
    assert!(matches!(
        store.delete_saved_view(acme.id, bob.id, view.id).await,
        Err(StoreError::NotFound)
    ));
    store
        .delete_saved_view(acme.id, ada.id, view.id)
        .await
        .unwrap();
}
