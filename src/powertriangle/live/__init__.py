"""The live channel: a durable, numbered event log per cycle and server-sent event streams
that fan it out to every open screen (see notes in README "Live workshop")."""
