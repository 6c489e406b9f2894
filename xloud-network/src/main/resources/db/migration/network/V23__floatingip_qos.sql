-- qos-fip: a floating IP may name a QoS policy. The foreign key keeps a policy from going while a floating IP names it,
-- even when the delete and the attach race.
ALTER TABLE floatingips ADD COLUMN qos_policy_id VARCHAR(36);
ALTER TABLE floatingips ADD CONSTRAINT floatingips_qos_policy FOREIGN KEY (qos_policy_id) REFERENCES network_qos_policies (id);
CREATE INDEX floatingips_qos_policy ON floatingips (qos_policy_id);
