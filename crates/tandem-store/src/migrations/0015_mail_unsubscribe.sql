-- Every notification mail carries a one-click unsubscribe link for its kind (RFC 8058), so the
-- outbox keeps the kind it was queued for (NULL for a test mail). Mails queued before keep
-- the kind of the notification they copy.
ALTER TABLE mail_outbox ADD COLUMN kind TEXT NULL;
UPDATE mail_outbox SET kind = (SELECT n.kind FROM notifications n WHERE n.id = mail_outbox.notification_id);
