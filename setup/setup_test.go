package setup

import (
	"reflect"
	"testing"
)

func TestParseHours(t *testing.T) {
	for in, want := range map[string][]string{
		"mon-fri 08:00-18:00":     {"mon", "tue", "wed", "thu", "fri"},
		"MON,wed,fri 09:00-24:00": {"mon", "wed", "fri"},
		"sat-sun 22:00-06:00":     {"sat", "sun"},
	} {
		days, start, end, err := ParseHours(in)
		if err != nil || !reflect.DeepEqual(days, want) || start == "" || end == "" {
			t.Errorf("%q: %v %q %q %v", in, days, start, end, err)
		}
	}
	for _, bad := range []string{"", "mon-fri", "fri-mon 08:00-18:00", "mon 8-18", "mon 08:00-25:00", "funday 08:00-18:00", "fri 0:00-9:00", "fri 09:00-09:00"} {
		if _, _, _, err := ParseHours(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestParsePeople(t *testing.T) {
	got, err := ParsePeople("Alice Smith <alice@example.com>, bob.jones@example.com")
	want := []Person{{"Alice Smith", "alice@example.com"}, {"Bob.jones", "bob.jones@example.com"}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("%v %v", got, err)
	}
	if _, err := ParsePeople("alice"); err == nil {
		t.Error("an address without @ accepted")
	}
	// Found by FuzzConfigFromAnswers: a quoted local part holding an @.
	if got, err := ParsePeople(`"@"@example.com`); err != nil || got[0].Name != "@" {
		t.Errorf("quoted @ in the local part: %v %v", got, err)
	}
}

func TestParseHolidays(t *testing.T) {
	got, err := ParseHolidays("# comment\n\n2026-12-25 Christmas\n2027-01-01\n")
	if err != nil || !reflect.DeepEqual(got, []string{"2026-12-25", "2027-01-01"}) {
		t.Errorf("%v %v", got, err)
	}
	if _, err := ParseHolidays("2026-12-25\n25/12/2026\n"); err == nil || err.Error() != `line 2: "25/12/2026" is not a date (YYYY-MM-DD)` {
		t.Errorf("bad date: %v", err)
	}
}

func TestPagerDutyEnvName(t *testing.T) {
	if got := pdEnv("acme-it_2"); got != "TANDEM_PD_ACME_IT_2" {
		t.Error(got)
	}
}
