// Package config loads, validates and describes Tandem's YAML configuration.
//
// Loading is strict: unknown keys, wrong types, bad time zones, dangling references and
// duplicates are all reported at once, each with the file, line and column of the offending
// key or value (see [Problem]). Secrets never appear in the file: a secret key `x` is written
// as `x_env` (the name of an environment variable) or `x_file` (a path, read and trimmed), and
// the resulting [Secret] cannot be printed.
//
// Three entry points share one parser:
//
//   - [Load] is for `tandem serve`: an unset secret environment variable or an unreadable
//     secret file is a problem.
//   - [Check] is for `tandem config check`: the same validation, but secrets that cannot be
//     resolved on this machine are reported in Config.Warnings instead, so a config can be
//     checked where its secrets do not live (CI, a laptop).
//   - [Parse] and [ParseWith] work on bytes, with the environment injected.
//
// Environment overrides: when set, TANDEM_HTTP_ADDR replaces http.addr, TANDEM_REDIS_URL
// replaces redis.url and TANDEM_LOG_LEVEL replaces log.level. Overridden values are validated like the file's, and problems about them
// name the variable instead of a position.
//
// Package config imports no other Tandem package; other packages take their options from it
// in cmd/ and bot/.
package config

import _ "time/tzdata" // every IANA zone works even on hosts without /usr/share/zoneinfo
