//! What every page around its content shows: the main navigation (only the sections the
//! signed-in person may use), who is signed in, the form token for signing out, a one-line
//! notice after a successful action, and the per-project tabs later cockpits slot into.

use super::assets;
use super::format;
use super::notice::Notice;
use crate::auth::CurrentUser;
use jiff::tz::TimeZone;
use tandem_core::access::WorkspaceAction;

/// The top-level areas of the UI; the current one is marked in the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Projects,
    Portfolio,
    Clients,
    Users,
    Tokens,
    Settings,
    /// The notifications page, reached from the bell rather than the navigation.
    Notifications,
    /// The person's own profile and password, reached from their name in the header.
    Profile,
    /// A client contact's portal.
    Portal,
}

/// One entry of the main navigation and who may see it.
struct MainEntry {
    section: Section,
    label: &'static str,
    href: &'static str,
    needs: Option<WorkspaceAction>,
}

const MAIN_NAV: [MainEntry; 6] = [
    MainEntry {
        section: Section::Projects,
        label: "Projects",
        href: "/projects",
        needs: None,
    },
    MainEntry {
        section: Section::Portfolio,
        label: "Portfolio",
        href: "/portfolio",
        needs: None,
    },
    MainEntry {
        section: Section::Clients,
        label: "Clients",
        href: "/clients",
        needs: Some(WorkspaceAction::ManageClients),
    },
    MainEntry {
        section: Section::Users,
        label: "Users",
        href: "/users",
        needs: Some(WorkspaceAction::ManageUsers),
    },
    MainEntry {
        section: Section::Tokens,
        label: "API tokens",
        href: "/settings/tokens",
        needs: None,
    },
    MainEntry {
        section: Section::Settings,
        label: "Settings",
        href: "/settings/health",
        needs: Some(WorkspaceAction::ManageClients),
    },
];

/// A rendered navigation link.
#[derive(Debug, Clone)]
pub struct NavLink {
    pub label: &'static str,
    pub href: String,
    /// Marked `aria-current="page"`.
    pub current: bool,
    /// Leads to internal figures (budget): not shown to client contacts.
    pub internal: bool,
    /// The heading of the tab group this link opens (project tabs only).
    pub group_heading: Option<&'static str>,
}

/// The signed-in person as the header shows them.
#[derive(Debug, Clone)]
pub struct Account {
    pub name: String,
    pub email: String,
    pub role: &'static str,
}

/// The signed-in person's running timer as the header shows it.
#[derive(Debug, Clone)]
pub struct RunningTimer {
    pub item_key: String,
    pub item_title: String,
    /// When it started on the visitor's clock, e.g. "26 Nov 2026, 10:12 CET".
    pub since: String,
}

/// The page frame's data; every page template has one as `chrome`.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// Who is signed in; `None` on sign-in, setup and error pages.
    pub account: Option<Account>,
    /// The session's CSRF token for the sign-out form (empty without a session).
    pub csrf_token: String,
    pub nav: Vec<NavLink>,
    /// A confirmation of what just happened, shown once.
    pub notice: Option<&'static str>,
    pub css_url: String,
    pub js_url: String,
    pub icon_url: String,
    /// The visitor is a client contact: tabs to internal figures are hidden.
    pub client: bool,
    /// Unread notifications for the bell (browser sessions only).
    pub unread: Option<i64>,
    /// The visitor's running timer, shown in the header with a stop button.
    pub timer: Option<RunningTimer>,
    /// The visitor is an admin: admin-only settings tabs are shown.
    pub admin: bool,
    /// The visitor's time zone: every time on the page is shown on their clock.
    pub zone: TimeZone,
}

impl Chrome {
    /// The frame for a page in `section`, seen by `user`.
    pub fn signed_in(user: &CurrentUser, section: Section) -> Self {
        let actor = user.actor();
        let portal = actor.is_client().then(|| NavLink {
            label: "My portal",
            href: "/portal".to_owned(),
            current: section == Section::Portal,
            internal: false,
            group_heading: None,
        });
        let nav = portal
            .into_iter()
            .chain(
                MAIN_NAV
                    .iter()
                    .filter(|entry| entry.needs.is_none_or(|action| actor.may(action)))
                    .map(|entry| NavLink {
                        label: entry.label,
                        href: entry.href.to_owned(),
                        current: entry.section == section,
                        internal: false,
                        group_heading: None,
                    }),
            )
            .collect();
        let zone = user.time_zone();
        Self {
            account: Some(Account {
                name: user.user.name.clone(),
                email: user.user.email.clone(),
                role: format::user_role(user.user.role),
            }),
            csrf_token: user.csrf_token().unwrap_or_default().to_owned(),
            nav,
            client: actor.is_client(),
            admin: actor.may(WorkspaceAction::ManageUsers),
            unread: user.unread_notifications(),
            timer: user.running_timer.as_ref().map(|timer| RunningTimer {
                item_key: timer.item.key.clone(),
                item_title: timer.item.title.clone(),
                since: format::timestamp(timer.started_at, &zone),
            }),
            zone,
            ..Self::anonymous()
        }
    }

    /// The frame for pages seen without signing in.
    pub fn anonymous() -> Self {
        Self {
            account: None,
            csrf_token: String::new(),
            nav: Vec::new(),
            notice: None,
            css_url: assets::url("tandem.css"),
            js_url: assets::url("tandem.js"),
            icon_url: assets::url("favicon.svg"),
            client: false,
            unread: None,
            timer: None,
            admin: false,
            zone: TimeZone::UTC,
        }
    }

    /// An RFC 3339 timestamp (as API views carry them) on the visitor's clock, for templates.
    pub fn when(&self, rfc3339: &str) -> String {
        format::rfc3339(rfc3339, &self.zone)
    }

    /// Stored unix milliseconds on the visitor's clock.
    pub fn time(&self, ms: i64) -> String {
        format::timestamp(ms, &self.zone)
    }

    /// Adds the confirmation of the action that led here.
    pub fn with_notice(mut self, notice: Option<Notice>) -> Self {
        self.notice = notice.map(Notice::message);
        self
    }
}

/// The three sides of a project's pages, so 13+ tabs read as a few groups: the product
/// manager's cockpit, the project manager's cockpit, and the bridge between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TabGroup {
    /// The overview, above both sides.
    Project,
    Product,
    Delivery,
    Bridge,
}

impl TabGroup {
    /// The heading shown before the group's first tab (none for the overview).
    pub fn heading(self) -> Option<&'static str> {
        match self {
            TabGroup::Project => None,
            TabGroup::Product => Some("Product"),
            TabGroup::Delivery => Some("Delivery"),
            TabGroup::Bridge => Some("Bridge"),
        }
    }
}

/// A tab of the project pages. Adding a cockpit is one line in [`PROJECT_TABS`] plus its route.
struct ProjectTab {
    group: TabGroup,
    label: &'static str,
    /// Path after `/projects/{key}`.
    suffix: &'static str,
}

const PROJECT_TABS: &[ProjectTab] = &[
    ProjectTab {
        group: TabGroup::Project,
        label: "Overview",
        suffix: "",
    },
    ProjectTab {
        group: TabGroup::Product,
        label: "Product",
        suffix: "/product",
    },
    ProjectTab {
        group: TabGroup::Product,
        label: "Roadmap",
        suffix: "/roadmap",
    },
    ProjectTab {
        group: TabGroup::Product,
        label: "Direction",
        suffix: "/vision",
    },
    ProjectTab {
        group: TabGroup::Delivery,
        label: "Board",
        suffix: "/board",
    },
    ProjectTab {
        group: TabGroup::Delivery,
        label: "Items",
        suffix: "/items",
    },
    ProjectTab {
        group: TabGroup::Delivery,
        label: "Sprints",
        suffix: "/sprints",
    },
    ProjectTab {
        group: TabGroup::Delivery,
        label: "Time",
        suffix: "/time",
    },
    ProjectTab {
        group: TabGroup::Delivery,
        label: "Gantt",
        suffix: "/gantt",
    },
    ProjectTab {
        group: TabGroup::Delivery,
        label: "Forecast",
        suffix: "/forecast",
    },
    ProjectTab {
        group: TabGroup::Delivery,
        label: "Earned value",
        suffix: "/evm",
    },
    ProjectTab {
        group: TabGroup::Delivery,
        label: "Team",
        suffix: "/team",
    },
    ProjectTab {
        group: TabGroup::Delivery,
        label: "Budget",
        suffix: "/budget",
    },
    ProjectTab {
        group: TabGroup::Delivery,
        label: "Risks",
        suffix: "/risks",
    },
    ProjectTab {
        group: TabGroup::Delivery,
        label: "Status",
        suffix: "/status",
    },
    ProjectTab {
        group: TabGroup::Bridge,
        label: "Roles",
        suffix: "/roles",
    },
    ProjectTab {
        group: TabGroup::Bridge,
        label: "Health",
        suffix: "/health",
    },
    ProjectTab {
        group: TabGroup::Bridge,
        label: "Reports",
        suffix: "/reports",
    },
];

/// Tabs that show internal figures, hidden from client contacts (who get 404 there anyway).
const INTERNAL_TABS: &[&str] = &["/budget", "/evm", "/health"];

/// The project's tabs as links, the one at `current_suffix` marked current.
pub fn project_tabs(key: &str, current_suffix: &str) -> Vec<NavLink> {
    PROJECT_TABS
        .iter()
        .enumerate()
        .map(|(index, tab)| {
            let opens_group = index == 0 || PROJECT_TABS[index - 1].group != tab.group;
            NavLink {
                label: tab.label,
                href: format!("/projects/{key}{}", tab.suffix),
                current: tab.suffix == current_suffix,
                internal: INTERNAL_TABS.contains(&tab.suffix),
                group_heading: opens_group.then(|| tab.group.heading()).flatten(),
            }
        })
        .collect()
}
