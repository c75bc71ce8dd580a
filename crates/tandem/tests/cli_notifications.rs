//! `tandem notifications` on the demo workspace: the acting person's notifications, only the
//! unread ones, and marking them read; a one-line error without `--as`. `settings` choosing
//! in the app and by e-mail apart per kind, the daily digest and the person's time zone.
//! `outbox` and `test-email` (admins) against a small SMTP sink, and `serve` refusing mail
//! settings it cannot use.

mod cli_support;

use cli_support::{Run, Workspace};

/// Runs `tandem notifications ARGS --as EMAIL`.
fn notifications_as(workspace: &Workspace, email: &str, args: &[&str]) -> Run {
    let mut all = vec!["notifications"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--as", email]);
    workspace.run(&all)
}

#[test]
fn notifications_list_unread_and_mark_read() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let run = |args: &[&str]| notifications_as(&workspace, "clara@northwind.demo", args);

    let unread = run(&["--unread"]).ok();
    assert!(unread.contains("[UNREAD] mention NWSHOP"), "{unread}");
    assert!(unread.contains("Paula Product mentioned you"), "{unread}");
    assert!(unread.contains("(/items/NWSHOP-1)"), "{unread}");

    let marked = run(&["--unread", "--mark-read"]).ok();
    assert!(marked.contains("Marked 1 as read."), "{marked}");
    assert_eq!(run(&["--unread"]).ok().trim(), "No unread notifications.");
    let all = run(&[]).ok();
    assert!(all.contains("[read] mention NWSHOP"), "{all}");

    let refused = workspace.run(&["notifications"]).error();
    assert!(refused.contains("--as"), "{refused}");
}

#[test]
fn settings_choose_in_the_app_and_by_email_apart() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let settings = |args: &[&str]| {
        let mut all = vec!["settings"];
        all.extend_from_slice(args);
        notifications_as(&workspace, "clara@northwind.demo", &all)
    };

    let defaults = settings(&[]).ok();
    assert!(
        defaults.starts_with("E-mail delivery: immediately\nkind               in app  e-mail\n"),
        "{defaults}"
    );
    assert!(
        defaults.contains("\nmention            on      off\n"),
        "{defaults}"
    );
    let by_email = settings(&["--kind", "mention", "--email", "on"]).ok();
    assert!(
        by_email.contains("\nmention            on      on\n"),
        "{by_email}"
    );
    let only_email = settings(&["--kind", "mention", "--in-app", "off"]).ok();
    assert!(
        only_email.contains("\nmention            off     on\n"),
        "{only_email}"
    );
    let kept = settings(&[]).ok();
    assert!(kept.contains("\nmention            off     on\n"), "{kept}");
    assert!(
        kept.contains("\ngo_no_go           on      off\n"),
        "{kept}"
    );

    // A mention now reaches Clara by e-mail only.
    workspace
        .run(&[
            "item",
            "comment",
            "NWSHOP-1",
            "@Clara one more look, please",
            "--as",
            "paula@tandem.demo",
        ])
        .ok();
    let outbox = notifications_as(&workspace, "admin@tandem.demo", &["outbox"]).ok();
    assert!(
        outbox.starts_with("Pending 1, sent 0, failed 0, held for digests 0,"),
        "{outbox}"
    );
    assert!(
        outbox.contains("to clara@northwind.demo: [NWSHOP] Paula Product mentioned you"),
        "{outbox}"
    );
    let listed = notifications_as(&workspace, "clara@northwind.demo", &[]).ok();
    assert!(!listed.contains("one more look"), "{listed}");

    // Daily: the next mention waits for her digest.
    let daily = settings(&["--email-delivery", "daily"]).ok();
    assert!(daily.starts_with("E-mail delivery: daily\n"), "{daily}");
    workspace
        .run(&[
            "item",
            "comment",
            "NWSHOP-1",
            "@Clara and another",
            "--as",
            "paula@tandem.demo",
        ])
        .ok();
    let outbox = notifications_as(&workspace, "admin@tandem.demo", &["outbox"]).ok();
    assert!(
        outbox.starts_with("Pending 1, sent 0, failed 0, held for digests 1, sent in digests 0."),
        "{outbox}"
    );
    let weekly = settings(&["--email-delivery", "weekly"]).error();
    assert!(weekly.contains("immediately or daily"), "{weekly}");

    // Her digest comes at 07:00 in her own time zone: UTC until she chooses.
    assert!(
        daily.ends_with("\nTime zone: UTC (a daily digest comes at 07:00 there)\n"),
        "{daily}"
    );
    let zoned = settings(&["--time-zone", "america/los_angeles"]).ok();
    assert!(
        zoned.contains("\nTime zone: America/Los_Angeles (a daily digest"),
        "{zoned}"
    );
    let nowhere = settings(&[
        "--time-zone",
        "Mars/Olympus_Mons",
        "--email-delivery",
        "immediately",
    ])
    .error();
    assert!(
        nowhere.contains("'Mars/Olympus_Mons' is not a time zone")
            && nowhere.ends_with("[validation_failed]"),
        "{nowhere}"
    );
    let kept = settings(&[]).ok();
    assert!(
        kept.starts_with("E-mail delivery: daily\n"),
        "nothing changed: {kept}"
    );
    assert!(kept.contains("Time zone: America/Los_Angeles"), "{kept}");

    let unknown = settings(&["--kind", "spam", "--email", "on"]).error();
    assert!(unknown.ends_with("[validation_failed]"), "{unknown}");
    let no_kind = settings(&["--email", "off"]).error();
    assert!(no_kind.contains("--kind"), "{no_kind}");
    let no_change = settings(&["--kind", "mention"]).error();
    assert!(no_change.contains("--email on|off"), "{no_change}");
    let bad_switch = settings(&["--kind", "mention", "--email", "maybe"]);
    assert!(!bad_switch.success);
    assert!(
        bad_switch.stderr.contains("possible values: on, off"),
        "{bad_switch:?}"
    );
}

#[path = "../../tandem-server/tests/common/smtp.rs"]
#[allow(dead_code)] // the CLI tests use the sink, not every helper of it
mod smtp;

const FROM: [&str; 2] = ["--smtp-from", "Tandem <tandem@example.com>"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn test_email_goes_through_the_relay_and_the_outbox_shows_each_attempt() {
    let workspace = Workspace::new();
    workspace.init();
    let notifications = |args: &[&str]| notifications_as(&workspace, "admin@example.com", args);

    let refused = notifications(&["test-email"]).error();
    assert!(refused.contains("--smtp-url"), "{refused}");
    let bad = notifications(&[
        "test-email",
        "--smtp-url",
        "http://mail.example.com",
        FROM[0],
        FROM[1],
    ])
    .error();
    assert!(
        bad.contains("--smtp-url: the scheme must be smtp or smtps"),
        "{bad}"
    );

    let down = smtp::relay_url(smtp::closed_port().await);
    let failed = notifications(&["test-email", "--smtp-url", &down, FROM[0], FROM[1]]).error();
    assert!(failed.contains("was not sent"), "{failed}");
    let pending = notifications(&["outbox", "--status", "pending"]).ok();
    assert!(
        pending.contains("Pending 1, sent 0, failed 0, held for digests 0,"),
        "{pending}"
    );
    assert!(
        pending.contains("[pending] to admin@example.com: Tandem test e-mail (attempts 1)"),
        "{pending}"
    );
    assert!(pending.contains("last error: "), "{pending}");

    let sink = smtp::SmtpSink::start().await;
    let sent = notifications(&["test-email", "--smtp-url", &sink.url(), FROM[0], FROM[1]]).ok();
    assert!(
        sent.contains("Test e-mail sent to admin@example.com"),
        "{sent}"
    );
    let received = sink.wait_for(1).await;
    assert_eq!(received[0].to, vec!["admin@example.com".to_owned()]);
    assert!(
        received[0]
            .body()
            .contains("http://127.0.0.1:8080/settings/email"),
        "{}",
        received[0].body()
    );
    let all = notifications(&["outbox"]).ok();
    assert!(
        all.contains("Pending 1, sent 1, failed 0, held for digests 0,"),
        "{all}"
    );

    let wrong = notifications(&["outbox", "--status", "lost"]).error();
    assert!(
        wrong.contains("pending, sent, failed, held or digested"),
        "{wrong}"
    );
}

#[test]
fn only_admins_see_the_outbox() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let refused = notifications_as(&workspace, "clara@northwind.demo", &["outbox"]).error();
    assert!(!refused.is_empty(), "a one-line reason");
    let admin = notifications_as(&workspace, "admin@tandem.demo", &["outbox"]).ok();
    assert!(admin.starts_with("Pending "), "{admin}");
}

#[test]
fn serve_refuses_mail_settings_it_cannot_use() {
    let workspace = Workspace::new();
    let serve = |extra: &[&str]| {
        let mut args = vec![
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--smtp-url",
            "smtp://localhost:25",
        ];
        args.extend_from_slice(extra);
        let run = workspace.run(&args);
        assert!(!run.success, "serve should refuse {extra:?}");
        run.stderr
    };
    let no_sender = serve(&[]);
    assert!(no_sender.contains("--smtp-from"), "{no_sender}");
    let bad_public = serve(&[FROM[0], FROM[1], "--public-url", "tandem.example.com"]);
    assert!(bad_public.contains("--public-url"), "{bad_public}");
}
