-- Consumer contracts: applications, their published versions, what each version reads
-- (contracts) and produces, and what is deployed where.

CREATE TABLE applications (
    name TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL
);

-- seq orders an application's versions by publication (versions that are not both semver).
CREATE TABLE app_versions (
    app TEXT NOT NULL REFERENCES applications (name),
    version TEXT NOT NULL,
    branch TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    PRIMARY KEY (app, version)
);

-- One contract per (application version, subject): the reads as published (NULL when a reader
-- schema was published) and the reader schema they compile to.
CREATE TABLE contracts (
    app TEXT NOT NULL,
    version TEXT NOT NULL,
    subject TEXT NOT NULL,
    reads TEXT,
    reader TEXT NOT NULL,
    PRIMARY KEY (app, version, subject),
    FOREIGN KEY (app, version) REFERENCES app_versions (app, version)
);
CREATE INDEX contracts_subject ON contracts (subject);

-- The subjects an application version produces, optionally pinned to a schema version.
CREATE TABLE produces (
    app TEXT NOT NULL,
    version TEXT NOT NULL,
    subject TEXT NOT NULL,
    schema_version BIGINT,
    PRIMARY KEY (app, version, subject),
    FOREIGN KEY (app, version) REFERENCES app_versions (app, version)
);
CREATE INDEX produces_subject ON produces (subject);

-- At most one version of an application per environment.
CREATE TABLE deployments (
    environment TEXT NOT NULL,
    app TEXT NOT NULL,
    version TEXT NOT NULL,
    deployed_at BIGINT NOT NULL,
    PRIMARY KEY (environment, app),
    FOREIGN KEY (app, version) REFERENCES app_versions (app, version)
);
