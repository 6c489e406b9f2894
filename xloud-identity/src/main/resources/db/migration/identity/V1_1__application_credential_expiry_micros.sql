-- Keystone keeps an application credential's expiry to the microsecond and shows it back as sent
-- (%Y-%m-%dT%H:%M:%S.%f); expires_at stays in milliseconds for token validation.
ALTER TABLE application_credentials ADD COLUMN expires_at_micros BIGINT;
