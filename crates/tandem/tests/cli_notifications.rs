//! `tandem notifications` on the demo workspace: the acting person's notifications, only the
//! unread ones, and marking them read; a one-line error without `--as`.

mod cli_support;

use cli_support::Workspace;

#[test]
fn notifications_list_unread_and_mark_read() {
    let workspace = Workspace::new();
    workspace.run(&["demo"]).ok();
    let clara = ["--as", "clara@northwind.demo"];
    let run = |args: &[&str]| {
        let mut all = vec!["notifications"];
        all.extend_from_slice(args);
        all.extend_from_slice(&clara);
        workspace.run(&all)
    };

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
