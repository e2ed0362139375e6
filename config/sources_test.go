package config

import "testing"

func TestRequireTimestampNeedsHMAC(t *testing.T) {
	runRules(t, []ruleCase{
		{name: "OK", src: base + "sources: {generic: {hmac_secret_env: H, require_timestamp: true}}\n", env: map[string]string{"H": "k"}},
		{name: "ErrTokenOnly", src: base + "sources: {generic: {token_env: T, require_timestamp: true}}\n", env: map[string]string{"T": "t"},
			want: []string{"sources.generic.require_timestamp: applies to HMAC signatures"}},
	})
}
