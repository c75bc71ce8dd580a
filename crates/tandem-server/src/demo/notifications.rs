//! Demo notifications, raised the way real ones are: comments with `@mentions` written through
//! the item service (as Jonas to Paula, as Paula to Clara), then one sweep, which finds
//! NWSHOP's overdue payment decision and HELIOS's missing product manager.

use crate::acting::Acting;
use crate::error::ApiError;
use crate::guard;
use crate::items::service::{self, CommentInput};
use crate::notifications::sweep;
use tandem_core::access::ProjectAction;
use tandem_store::Store;

/// Writes the demo's mentions and runs the sweep once.
pub async fn load(store: &Store) -> Result<(), ApiError> {
    let shop = store.project_by_key("NWSHOP").await?;
    let item = store.item_by_number(shop.id, 1).await?;
    let comments = [
        (
            "jonas@tandem.demo",
            "@Paula the checkout estimate grew by a week: can we cut the gift-wrap option?",
        ),
        (
            "paula@tandem.demo",
            "@Clara the new checkout is ready for your review on the test shop.",
        ),
    ];
    for (email, body) in comments {
        let acting = Acting::as_email(store.clone(), email).await?;
        let visible = guard::project(
            &acting.state,
            &acting.user,
            "NWSHOP",
            ProjectAction::Contribute,
        )
        .await?;
        let input = CommentInput {
            body: body.to_owned(),
            internal: false,
            version: None,
        };
        service::comment(&acting.writer(), &visible, &item, &input).await?;
    }
    let state = crate::state::AppState::new(store.clone(), crate::state::ServerConfig::default());
    sweep::run(&state, crate::clock::today(store).await?).await?;
    Ok(())
}
