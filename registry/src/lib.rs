//! Accord's schema registry. The HTTP surface and the stores arrive with the registry's own work;
//! this crate holds its place in the workspace until then.
