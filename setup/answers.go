// Package setup writes a first Tandem configuration from a few answers
// (`tandem init`): a commented tandem.yaml that `tandem config check`
// accepts, and the .env.example naming every secret that file reads.
package setup

import (
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Answers are what `tandem init` asks (or takes as flags).
type Answers struct {
	Chats    []string // "slack", "discord"
	Timezone string   // IANA zone
	Internal Team
	MSP      Team
	// Days and Start/End are business hours, e.g. mon..fri 08:00-18:00.
	Days       []string
	Start, End string
	Holidays   []string // YYYY-MM-DD
	RedisURL   string
	Addr       string // http.addr
	// Discord's application ID, public key and guild (server) ID, from the
	// Developer Portal; the section is written commented out without them.
	DiscordAppID, DiscordPublicKey, DiscordGuildID string
	// SlackAPIURL and PagerDutyURL override the services' base URLs (a
	// proxy, or the fakes in tests); "" for the real services.
	SlackAPIURL, PagerDutyURL string
	// DedupPrefix is pagerduty.dedup_prefix: this deployment's own, so its
	// pages never merge with another Tandem's on a shared PagerDuty service.
	DedupPrefix string
}

// Team is one side's team.
type Team struct {
	Name      string
	People    []Person
	Channel   string // its Slack channel ID ("" for none)
	PagerDuty bool   // paged through a PagerDuty routing key
}

// Person is a member known by name and e-mail.
type Person struct{ Name, Email string }

// Uses reports whether chat is among the answers' chats.
func (a Answers) Uses(chat string) bool { return slices.Contains(a.Chats, chat) }

// ParsePeople reads "Alice <alice@example.com>, bob@example.com": a
// person without a name is named after the e-mail's local part.
func ParsePeople(s string) ([]Person, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	list, err := mail.ParseAddressList(s)
	if err != nil {
		return nil, fmt.Errorf("people %q: %w (write Name <e-mail>, separated by commas)", s, err)
	}
	out := make([]Person, 0, len(list))
	for _, a := range list {
		name := a.Name
		if name == "" {
			// The domain follows the last @: a quoted local part may hold one.
			local := a.Address[:strings.LastIndex(a.Address, "@")]
			if local == "" {
				return nil, fmt.Errorf("people %q: %q has nothing before the @ (write Name <e-mail>)", s, a.Address)
			}
			r := []rune(local)
			name = string(unicode.ToUpper(r[0])) + string(r[1:])
		}
		out = append(out, Person{Name: name, Email: a.Address})
	}
	return out, nil
}

var teamName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

var weekdays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// ParseHours reads business hours written "mon-fri 08:00-18:00" (or
// "mon,wed,fri 09:00-17:00").
func ParseHours(s string) (days []string, start, end string, err error) {
	f := strings.Fields(strings.ToLower(s))
	if len(f) != 2 {
		return nil, "", "", fmt.Errorf("business hours %q: write days and times, e.g. \"mon-fri 08:00-18:00\"", s)
	}
	if days, err = parseDays(f[0]); err != nil {
		return nil, "", "", fmt.Errorf("business hours %q: %w", s, err)
	}
	start, end, ok := strings.Cut(f[1], "-")
	if !ok || !clock(start) || (!clock(end) && end != "24:00") {
		return nil, "", "", fmt.Errorf("business hours %q: times are HH:MM-HH:MM, e.g. 08:00-18:00", f[1])
	}
	if start == end {
		return nil, "", "", fmt.Errorf("business hours %q: the start and the end must differ (all day is 00:00-24:00)", f[1])
	}
	return days, start, end, nil
}

// clock reports whether s is a time of day written HH:MM, as config wants.
func clock(s string) bool {
	_, err := time.Parse("15:04", s)
	return err == nil && len(s) == len("15:04")
}

func parseDays(s string) ([]string, error) {
	if from, to, ok := strings.Cut(s, "-"); ok {
		i, j := slices.Index(weekdays, from), slices.Index(weekdays, to)
		if i < 0 || j < i {
			return nil, fmt.Errorf("days %q: write a range like mon-fri", s)
		}
		return weekdays[i : j+1], nil
	}
	days := strings.Split(s, ",")
	for _, d := range days {
		if !slices.Contains(weekdays, d) {
			return nil, fmt.Errorf("day %q: days are mon, tue, wed, thu, fri, sat, sun", d)
		}
	}
	return days, nil
}

// ParseHolidays reads a holidays file: one YYYY-MM-DD per line, anything
// after it (the holiday's name) and lines starting with # ignored.
func ParseHolidays(text string) ([]string, error) {
	var out []string
	for n, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if _, err := time.Parse(time.DateOnly, f[0]); err != nil {
			return nil, fmt.Errorf("line %d: %q is not a date (YYYY-MM-DD)", n+1, f[0])
		}
		out = append(out, f[0])
	}
	return out, nil
}

// Check reports what the answers still lack, all at once.
func (a Answers) Check() error {
	var errs []error
	if len(a.Chats) == 0 {
		errs = append(errs, errors.New("no chat: name slack, discord or both"))
	}
	for _, c := range a.Chats {
		if c != "slack" && c != "discord" {
			errs = append(errs, fmt.Errorf("chat %q: tandem init knows slack and discord", c))
		}
	}
	if _, err := time.LoadLocation(a.Timezone); err != nil || a.Timezone == "" {
		errs = append(errs, fmt.Errorf("time zone %q: an IANA name such as Europe/Berlin or America/Chicago", a.Timezone))
	}
	seen := map[string]bool{}
	for _, t := range []Team{a.Internal, a.MSP} {
		if !teamName.MatchString(t.Name) || len(t.People) == 0 {
			errs = append(errs, fmt.Errorf("team %q: a team needs a name (lowercase letters, digits, - and _) and at least one person", t.Name))
		}
		for _, p := range t.People {
			if seen[strings.ToLower(p.Name)] {
				errs = append(errs, fmt.Errorf("person %q is named twice: write Name <e-mail> to tell them apart", p.Name))
			}
			seen[strings.ToLower(p.Name)] = true
		}
	}
	if a.Internal.Name == a.MSP.Name {
		errs = append(errs, fmt.Errorf("the internal team and the MSP team are both named %q", a.MSP.Name))
	}
	return errors.Join(errs...)
}
