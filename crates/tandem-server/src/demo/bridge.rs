//! Demo data of the bridge: NWSHOP's responsibility matrix names its designer and developer
//! where the default template only names roles, as a real team would after its kick-off.

use crate::error::ApiError;
use crate::raci;
use tandem_core::raci::Letter;
use tandem_store::{NewRaciAssignment, RaciHolder, Store};

/// Copies the default matrix into NWSHOP and adds the people who do the work.
pub async fn load(store: &Store, designer: i64, developer: i64) -> Result<(), ApiError> {
    let shop = store.project_by_key("NWSHOP").await?;
    let mut matrix = raci::matrix(store, &shop).await?;
    let additions = [
        ("User experience", designer, Letter::R),
        ("When to test", designer, Letter::C),
        ("Timely deliveries", developer, Letter::R),
        ("Timeline", developer, Letter::C),
    ];
    for (name, person, letter) in additions {
        let Some(activity) = matrix.activities.iter().find(|a| a.name == name) else {
            continue;
        };
        let mut cells: Vec<NewRaciAssignment> = activity
            .assignments
            .iter()
            .map(|cell| NewRaciAssignment {
                holder: raci::holder_of(&cell.assignee).0,
                letter: cell.letter,
            })
            .collect();
        cells.push(NewRaciAssignment {
            holder: RaciHolder::User(person),
            letter,
        });
        matrix = store
            .set_raci_assignments(shop.id, activity.id, matrix.version, &cells)
            .await?;
    }
    Ok(())
}
