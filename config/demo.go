package config

import _ "embed"

//go:embed demo.yaml
var demoYAML []byte

// DemoYAML returns the source of the demo config, for `tandem` to show or write out.
func DemoYAML() []byte { return append([]byte(nil), demoYAML...) }

// Demo returns the config of the embedded demo: teams acme-it (internal) and noc (msp),
// manager Maria, services database and network, and a ladder "standard" with 2-minute waits,
// on the embedded store with HTTP on 127.0.0.1:8080. It reads no environment variable and no
// file, and returns a fresh value on each call so callers may change it.
func Demo() *Config {
	cfg, err := ParseWith("demo.yaml", demoYAML, Options{})
	if err != nil {
		panic("config: embedded demo is invalid: " + err.Error()) // ours; a test keeps it valid
	}
	return cfg
}
