package setup

import (
	"strings"
	"testing"

	_ "github.com/tandemhq/tandem/bot" // registers the alert sources config accepts
	"github.com/tandemhq/tandem/config"
)

// overrides are the TANDEM_* variables that replace a config value rather
// than hold a secret: "secret" is no valid value for any of them.
var overrides = map[string]bool{"TANDEM_HTTP_ADDR": true, "TANDEM_REDIS_URL": true, "TANDEM_LOG_LEVEL": true}

// secrets stands for an environment holding every secret the file names
// (and none of the overrides).
func secrets(name string) string {
	if strings.HasPrefix(name, "TANDEM_") && !overrides[name] {
		return "secret"
	}
	return ""
}

// Whatever people and hours init accepts, the file it writes passes the
// config's own strict check.
func FuzzConfigFromAnswers(f *testing.F) {
	f.Add("Alice <alice@example.com>, bob@example.com", "Nora <nora@msp.example>", "mon-fri 08:00-18:00")
	f.Add(`"O'Brien, Pat" <pat@example.com>`, "=?utf-8?q?J=C3=BCrgen?= <j@example.com>", "sat,sun 22:00-06:00")
	f.Fuzz(func(t *testing.T, internal, msp, hours string) {
		a := Answers{Chats: []string{"slack"}, Timezone: "UTC", RedisURL: "redis://127.0.0.1:6379/0", Addr: ":8080",
			Internal: Team{Name: "it", PagerDuty: true}, MSP: Team{Name: "msp"}, DedupPrefix: "t-0011aabb"}
		var err error
		if a.Internal.People, err = ParsePeople(internal); err != nil {
			return
		}
		if a.MSP.People, err = ParsePeople(msp); err != nil {
			return
		}
		if a.Days, a.Start, a.End, err = ParseHours(hours); err != nil || a.Check() != nil {
			return
		}
		if _, err := config.Parse("tandem.yaml", []byte(Config(a)), secrets); err != nil {
			t.Fatalf("init wrote a config that does not pass:\n%v\n%s", err, Config(a))
		}
	})
}
