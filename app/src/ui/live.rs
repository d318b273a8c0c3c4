use uuid::Uuid;
#[derive(Debug, Clone, serde::Deserialize)]
pub struct LiveEvent { pub kind: String, pub id: Uuid, pub requisition: Option<Uuid> }
pub fn on_live_events(_on_event: impl Fn(LiveEvent) + 'static) {}
