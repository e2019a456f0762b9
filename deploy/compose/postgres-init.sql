-- Runs once, when the postgres container initialises an empty data volume
-- (/docker-entrypoint-initdb.d). One database per service: a service never reads
-- another service's tables. Owner is the compose superuser (POSTGRES_USER=platform).
-- Adding a service: add its database here, then `docker compose down -v` (or create
-- it by hand) because this file does not run again on an existing volume.
CREATE DATABASE identity;
CREATE DATABASE orders;
CREATE DATABASE notifications;
CREATE DATABASE billing;
CREATE DATABASE coworking;
CREATE DATABASE support;
