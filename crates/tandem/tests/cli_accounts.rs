//! `tandem migrate`, `init`, `user` and `demo` against a private data directory: what they
//! print, and one-line errors with a failing exit status on bad input.

mod cli_support;

use cli_support::{PASSWORD, Workspace};

#[test]
fn migrate_creates_the_database_and_is_idempotent() {
    let workspace = Workspace::new();
    workspace.run(&["migrate"]).ok();
    assert!(workspace.data_dir().join("tandem.db").is_file());
    let again = workspace.run(&["migrate"]).ok();
    assert!(again.contains("up to date"), "{again}");
}

#[test]
fn init_creates_the_first_admin_once() {
    let workspace = Workspace::new();
    let args = [
        "init",
        "--admin-email",
        "Ada@Example.com",
        "--admin-name",
        "Ada Admin",
    ];
    let created = workspace
        .run_with(&args, "TANDEM_ADMIN_PASSWORD", PASSWORD)
        .ok();
    assert!(created.contains("ada@example.com"), "{created}");

    let second = [
        "init",
        "--admin-email",
        "bob@example.com",
        "--admin-name",
        "Bob",
    ];
    let error = workspace
        .run_with(&second, "TANDEM_ADMIN_PASSWORD", PASSWORD)
        .error();
    assert!(error.contains("already"), "{error}");

    let users = workspace.run(&["user", "list"]).ok();
    assert_eq!(users.lines().count(), 2, "a header and one admin: {users}");
    assert!(
        users.contains("admin") && users.contains("ada@example.com"),
        "{users}"
    );
}

#[test]
fn init_never_reads_a_password_from_a_pipe() {
    let workspace = Workspace::new();
    let error = workspace
        .run(&[
            "init",
            "--admin-email",
            "ada@example.com",
            "--admin-name",
            "Ada",
        ])
        .error();
    assert!(error.contains("TANDEM_ADMIN_PASSWORD"), "{error}");
}

#[test]
fn users_are_added_listed_deactivated_and_reactivated() {
    let workspace = Workspace::new();
    workspace.init();
    let add = [
        "user",
        "add",
        "--email",
        "mia@example.com",
        "--name",
        "Mia Developer",
    ];
    let added = workspace
        .run_with(&add, "TANDEM_USER_PASSWORD", PASSWORD)
        .ok();
    assert!(
        added.contains("member") && added.contains("mia@example.com"),
        "{added}"
    );

    let listed = workspace.run(&["user", "list"]).ok();
    let mia = listed
        .lines()
        .find(|line| line.contains("mia@example.com"))
        .expect("mia listed");
    assert!(
        mia.contains("member") && mia.contains("yes") && mia.contains("Mia Developer"),
        "{mia}"
    );

    let deactivated = workspace
        .run(&["user", "deactivate", "mia@example.com"])
        .ok();
    assert!(deactivated.contains("deactivated"), "{deactivated}");
    let listed = workspace.run(&["user", "list"]).ok();
    let mia = listed
        .lines()
        .find(|line| line.contains("mia@example.com"))
        .expect("mia listed");
    assert!(mia.contains(" no "), "{mia}");

    let activated = workspace.run(&["user", "activate", "MIA@example.com"]).ok();
    assert!(activated.contains("active"), "{activated}");

    let reset = ["user", "password", "mia@example.com"];
    let weak = workspace
        .run_with(&reset, "TANDEM_USER_PASSWORD", "short")
        .error();
    assert!(weak.contains("password"), "{weak}");
    let done = workspace
        .run_with(&reset, "TANDEM_USER_PASSWORD", "a brand new password")
        .ok();
    assert!(done.contains("new password set"), "{done}");
}

#[test]
fn bad_input_fails_with_one_line() {
    let workspace = Workspace::new();
    workspace.init();
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["user", "add", "--email", "not-an-email", "--name", "X"],
            PASSWORD,
            "e-mail",
        ),
        (
            &["user", "add", "--email", "x@example.com", "--name", "X"],
            "short",
            "10 characters",
        ),
        (
            &[
                "user",
                "add",
                "--email",
                "x@example.com",
                "--name",
                "X",
                "--role",
                "boss",
            ],
            PASSWORD,
            "boss",
        ),
        (
            &[
                "user",
                "add",
                "--email",
                "x@example.com",
                "--name",
                "X",
                "--role",
                "client",
            ],
            PASSWORD,
            "client",
        ),
        (
            &[
                "user",
                "add",
                "--email",
                "admin@example.com",
                "--name",
                "Twin",
            ],
            PASSWORD,
            "already exists",
        ),
        (
            &["user", "deactivate", "ghost@example.com"],
            PASSWORD,
            "ghost@example.com",
        ),
        (
            &["token", "create", "--email", "ghost@example.com"],
            PASSWORD,
            "ghost@example.com",
        ),
    ];
    for (args, password, says) in cases {
        let error = workspace
            .run_with(args, "TANDEM_USER_PASSWORD", password)
            .error();
        assert!(error.contains(says), "{args:?}: {error}");
    }
    let users = workspace.run(&["user", "list"]).ok();
    assert_eq!(users.lines().count(), 2, "nothing was added: {users}");
}

#[test]
fn demo_loads_once_and_says_so() {
    let workspace = Workspace::new();
    let first = workspace.run(&["demo"]).ok();
    assert!(first.contains("Loaded the demo workspace"), "{first}");
    assert!(
        first.contains("admin@tandem.demo"),
        "credentials are printed: {first}"
    );
    let second = workspace.run(&["demo"]).ok();
    assert!(!second.contains("Loaded the demo workspace"), "{second}");
    assert!(second.contains("already loaded"), "{second}");
    let users = workspace.run(&["user", "list"]).ok();
    assert_eq!(
        users
            .lines()
            .filter(|line| line.contains("tandem.demo"))
            .count(),
        6,
        "{users}"
    );
}

#[test]
fn demo_refuses_a_workspace_with_real_people() {
    let workspace = Workspace::new();
    workspace.init();
    let error = workspace.run(&["demo"]).error();
    assert!(error.contains("empty workspace"), "{error}");
}

#[test]
fn a_person_shows_and_changes_their_own_profile() {
    let workspace = Workspace::new();
    workspace.init();
    let me = |extra: &[&str]| {
        let mut args = vec!["profile", "--as", "admin@example.com"];
        args.extend_from_slice(extra);
        workspace.run(&args)
    };
    let shown = me(&[]).ok();
    assert_eq!(
        shown,
        "Name:      Ada Admin\nE-mail:    admin@example.com\nRole:      admin\nTime zone: UTC\n"
    );
    let changed = me(&["--name", "Ada Lovelace", "--time-zone", "europe/london"]).ok();
    assert!(
        changed.starts_with("Name:      Ada Lovelace\n")
            && changed.ends_with("Time zone: Europe/London\n"),
        "{changed}"
    );
    let refused = me(&["--name", "Nobody", "--time-zone", "Mars/Olympus_Mons"]).error();
    assert!(
        refused.contains("'Mars/Olympus_Mons' is not a time zone")
            && refused.ends_with("[validation_failed]"),
        "{refused}"
    );
    let blank = me(&["--name", "  "]).error();
    assert!(blank.ends_with("[validation_failed]"), "{blank}");
    let kept = me(&[]).ok();
    assert!(
        kept.starts_with("Name:      Ada Lovelace\n") && kept.ends_with("Europe/London\n"),
        "nothing changed by the refusals: {kept}"
    );
}

#[test]
fn an_admin_sets_the_workspace_time_zone_that_people_follow() {
    let workspace = Workspace::new();
    workspace.init();
    let add = ["user", "add", "--email", "mia@example.com", "--name", "Mia"];
    workspace
        .run_with(&add, "TANDEM_USER_PASSWORD", PASSWORD)
        .ok();
    let shown = workspace
        .run(&["workspace", "--as", "mia@example.com"])
        .ok();
    assert!(shown.starts_with("Time zone: UTC\nToday:     "), "{shown}");

    let refused = workspace
        .run(&[
            "workspace",
            "--as",
            "mia@example.com",
            "--time-zone",
            "Asia/Tokyo",
        ])
        .error();
    assert!(refused.ends_with("[forbidden]"), "{refused}");
    let unknown = workspace
        .run(&[
            "workspace",
            "--as",
            "admin@example.com",
            "--time-zone",
            "Mars/Base",
        ])
        .error();
    assert!(
        unknown.contains("'Mars/Base' is not a time zone")
            && unknown.ends_with("[validation_failed]"),
        "{unknown}"
    );

    let set = workspace
        .run(&[
            "workspace",
            "--as",
            "admin@example.com",
            "--time-zone",
            "asia/tokyo",
        ])
        .ok();
    let tokyo_today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::get("Asia/Tokyo").expect("zone"))
        .date();
    assert_eq!(
        set,
        format!("Time zone: Asia/Tokyo\nToday:     {tokyo_today}\n")
    );
    // Mia never chose a zone of her own, so she lives in the workspace's.
    let mia = workspace.run(&["profile", "--as", "mia@example.com"]).ok();
    assert!(mia.ends_with("Time zone: Asia/Tokyo\n"), "{mia}");
}

#[test]
fn an_admin_changes_an_account_and_the_last_admin_stays() {
    let workspace = Workspace::new();
    workspace.init();
    let add = ["user", "add", "--email", "mia@example.com", "--name", "Mia"];
    workspace
        .run_with(&add, "TANDEM_USER_PASSWORD", PASSWORD)
        .ok();
    let as_mia = workspace
        .run(&[
            "user",
            "update",
            "mia@example.com",
            "--as",
            "mia@example.com",
            "--role",
            "admin",
        ])
        .error();
    assert!(as_mia.ends_with("[forbidden]"), "{as_mia}");
    let changed = workspace
        .run(&[
            "user",
            "update",
            "mia@example.com",
            "--as",
            "admin@example.com",
            "--email",
            "mia.lopez@example.com",
            "--name",
            "Mia López",
            "--role",
            "admin",
        ])
        .ok();
    assert_eq!(
        changed.trim_end(),
        format!("updated admin Mia López <mia.lopez@example.com> (id 2)")
    );
    let taken = workspace
        .run(&[
            "user",
            "update",
            "mia.lopez@example.com",
            "--as",
            "admin@example.com",
            "--email",
            "admin@example.com",
        ])
        .error();
    assert!(taken.ends_with("[duplicate]"), "{taken}");

    // Two admins: one may go; the last one may neither step down nor be deactivated.
    workspace
        .run(&["user", "deactivate", "admin@example.com"])
        .ok();
    let last = workspace
        .run(&["user", "deactivate", "mia.lopez@example.com"])
        .error();
    assert!(last.contains("at least one active admin"), "{last}");
    let demote = workspace
        .run(&[
            "user",
            "update",
            "mia.lopez@example.com",
            "--as",
            "mia.lopez@example.com",
            "--role",
            "member",
        ])
        .error();
    assert!(
        demote.contains("at least one active admin") && demote.ends_with("[validation_failed]"),
        "{demote}"
    );
}
