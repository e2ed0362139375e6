package pagerduty_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/pagerduty"
	"github.com/tandemhq/tandem/integrations/pagerduty/pagerdutytest"
)

func newPager(fake *pagerdutytest.Server, c *testClock, fallback pagerduty.Fallback) *pagerduty.Pager {
	return pagerduty.NewPager(pagerduty.PagerOptions{
		EventsURL:   fake.URL,
		RoutingKeys: map[string]string{"noc": keyNOC, "acme-it": keyACME},
		Fallback:    fallback,
		RoomLinks: func(inc incident.Incident) map[string]string {
			return map[string]string{"console": inc.Room["console"]}
		},
		Now: c.Now,
	})
}

func TestPagerTrigger(t *testing.T) {
	fake := pagerdutytest.New(t)
	p := newPager(fake, &testClock{opened}, nil)
	if err := p.Page(context.Background(), pageEffect("noc", "trigger"), testIncident()); err != nil {
		t.Fatal(err)
	}
	got := fake.Events()
	if len(got) != 1 {
		t.Fatalf("events: %+v", got)
	}
	e := got[0]
	if e.RoutingKey != keyNOC || e.Action != "trigger" || e.DedupKey != "INC-7/noc" || e.Payload == nil {
		t.Fatalf("event: %+v", e)
	}
	pl := e.Payload
	if pl.Summary != "[sev2] Disk full on db-01" || pl.Source != "tandem" || pl.Severity != "error" ||
		pl.Component != "database" || pl.Group != "database" || pl.Class != "generic" {
		t.Fatalf("payload: %+v", pl)
	}
	want := map[string]string{"incident": "INC-7", "step": "2", "window": "after_hours", "side": "msp", "team": "noc",
		"on_call": "Nora", "room": "#inc-7-disk-full-on-db-01", "room_console": "#inc-7-disk-full-on-db-01"}
	for k, v := range want {
		if pl.CustomDetails[k] != v {
			t.Errorf("custom_details[%s] = %v, want %q", k, pl.CustomDetails[k], v)
		}
	}
	if len(e.Links) != 1 || e.Links[0].Href != "https://runbooks.example/disk" || e.Links[0].Text != "Runbook" {
		t.Fatalf("links: %+v", e.Links)
	}
}

func TestPagerAcknowledgeAndResolveUseTheTriggersKeys(t *testing.T) {
	fake := pagerdutytest.New(t)
	p := newPager(fake, &testClock{opened}, nil)
	for _, action := range []string{"trigger", "acknowledge", "resolve"} {
		for _, team := range []string{"noc", "acme-it"} {
			if err := p.Page(context.Background(), pageEffect(team, action), testIncident()); err != nil {
				t.Fatalf("%s %s: %v", action, team, err)
			}
		}
	}
	for _, action := range []string{"acknowledge", "resolve"} {
		for team, key := range map[string]string{"noc": keyNOC, "acme-it": keyACME} {
			evs := fake.EventsFor(action, "INC-7/"+team)
			if len(evs) != 1 || evs[0].RoutingKey != key || evs[0].Payload != nil {
				t.Fatalf("%s of %s: %+v", action, team, evs)
			}
		}
	}
}

func TestSeverityMapping(t *testing.T) {
	for sev, want := range map[incident.Severity]string{incident.Sev1: "critical", incident.Sev2: "error",
		incident.Sev3: "warning", incident.Sev4: "info", 0: "info"} {
		if got := pagerduty.Severity(sev); got != want {
			t.Errorf("Severity(%v) = %q, want %q", sev, got, want)
		}
	}
}

type recordingFallback struct{ effects []incident.Effect }

func (f *recordingFallback) Page(_ context.Context, e incident.Effect, _ incident.Incident) error {
	f.effects = append(f.effects, e)
	return nil
}

func TestTeamsWithoutRoutingKeyUseTheFallback(t *testing.T) {
	fake := pagerdutytest.New(t)
	fb := &recordingFallback{}
	if err := newPager(fake, &testClock{opened}, fb).Page(context.Background(), pageEffect("managers", "trigger"), testIncident()); err != nil {
		t.Fatal(err)
	}
	if len(fb.effects) != 1 || fake.Attempts() != 0 {
		t.Fatalf("fallback %d, PagerDuty %d", len(fb.effects), fake.Attempts())
	}
	// No fallback: nothing is paged, and that is no error.
	if err := newPager(fake, &testClock{opened}, nil).Page(context.Background(), pageEffect("managers", "trigger"), testIncident()); err != nil || fake.Attempts() != 0 {
		t.Fatalf("without fallback: %v, %d", err, fake.Attempts())
	}
}

func TestPagerErrors(t *testing.T) {
	ctx := context.Background()
	t.Run("RateLimitedWithoutRetryAfterBacksOffFrom30s", func(t *testing.T) {
		fake := pagerdutytest.New(t)
		c := &testClock{opened}
		p := newPager(fake, c, nil)
		fake.FailNext(1, 429)
		err := p.Page(ctx, pageEffect("noc", "trigger"), testIncident())
		if chat.IsPermanent(err) || chat.IsWaiting(err) || chat.RetryDelay(err) != 30*time.Second {
			t.Fatalf("429: %v (delay %s)", err, chat.RetryDelay(err))
		}
		// The key is held for the delay: nothing more goes to PagerDuty meanwhile.
		err = p.Page(ctx, pageEffect("noc", "acknowledge"), testIncident())
		if !chat.IsWaiting(err) || chat.RetryDelay(err) != 30*time.Second || fake.Attempts() != 1 {
			t.Fatalf("held key: %v, %d attempts", err, fake.Attempts())
		}
		c.Advance(30 * time.Second)
		fake.FailNext(1, 429)
		e := pageEffect("noc", "trigger")
		e.Attempt = 2
		if err := p.Page(ctx, e, testIncident()); chat.RetryDelay(err) != 2*time.Minute {
			t.Fatalf("third attempt: %v", err)
		}
	})
	t.Run("RateLimitedHonoursRetryAfter", func(t *testing.T) {
		fake := pagerdutytest.New(t)
		fake.FailNextRetryAfter(1, "7")
		err := newPager(fake, &testClock{opened}, nil).Page(ctx, pageEffect("noc", "trigger"), testIncident())
		if chat.RetryDelay(err) != 7*time.Second || !strings.Contains(err.Error(), "429") {
			t.Fatalf("429 with Retry-After: %v", err)
		}
	})
	t.Run("BadRequestIsPermanentWithPagerDutysWords", func(t *testing.T) {
		fake := pagerdutytest.New(t)
		fake.FailNext(1, 400)
		err := newPager(fake, &testClock{opened}, nil).Page(ctx, pageEffect("noc", "trigger"), testIncident())
		var d *chat.DeliveryError
		if !chat.IsPermanent(err) || !errors.As(err, &d) {
			t.Fatalf("400: %v", err)
		}
		want := "PagerDuty refused the trigger for noc: 400 Bad Request: Event object is invalid: Length of 'routing_key' is incorrect (should be 32 characters)"
		if d.Err.Error() != want {
			t.Fatalf("timeline text:\n got %q\nwant %q", d.Err.Error(), want)
		}
	})
	t.Run("ValidationOfTheFake", func(t *testing.T) {
		fake := pagerdutytest.New(t)
		p := pagerduty.NewPager(pagerduty.PagerOptions{EventsURL: fake.URL, RoutingKeys: map[string]string{"noc": "too-short"}})
		err := p.Page(ctx, pageEffect("noc", "trigger"), testIncident())
		if !chat.IsPermanent(err) || !strings.Contains(err.Error(), "Length of 'routing_key' is incorrect") {
			t.Fatalf("short key: %v", err)
		}
	})
	t.Run("ServerErrorIsRetriedWithBackoff", func(t *testing.T) {
		fake := pagerdutytest.New(t)
		fake.FailNext(1, 503)
		err := newPager(fake, &testClock{opened}, nil).Page(ctx, pageEffect("noc", "trigger"), testIncident())
		if err == nil || chat.IsPermanent(err) || chat.RetryDelay(err) != 0 || !strings.Contains(err.Error(), "503") {
			t.Fatalf("503: %v", err)
		}
	})
	t.Run("UnreachableIsRetriedWithBackoff", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		srv.Close()
		p := pagerduty.NewPager(pagerduty.PagerOptions{EventsURL: srv.URL, RoutingKeys: map[string]string{"noc": keyNOC}})
		err := p.Page(ctx, pageEffect("noc", "trigger"), testIncident())
		if err == nil || chat.IsPermanent(err) || chat.RetryDelay(err) != 0 || strings.Contains(err.Error(), keyNOC) {
			t.Fatalf("unreachable: %v", err)
		}
	})
	t.Run("UnknownActionIsPermanent", func(t *testing.T) {
		fake := pagerdutytest.New(t)
		err := newPager(fake, &testClock{opened}, nil).Page(ctx, pageEffect("noc", "snooze"), testIncident())
		if !chat.IsPermanent(err) || fake.Attempts() != 0 {
			t.Fatalf("unknown action: %v", err)
		}
	})
}

// 120 events a minute per routing key: the 121st waits (without spending an
// attempt) until the oldest leaves the window; other keys are not held.
func TestPerKeyRateLimit(t *testing.T) {
	fake := pagerdutytest.New(t)
	c := &testClock{opened}
	p := newPager(fake, c, nil)
	ctx := context.Background()
	for i := range 120 {
		if err := p.Page(ctx, pageEffect("noc", "trigger"), testIncident()); err != nil {
			t.Fatalf("event %d: %v", i+1, err)
		}
		c.Advance(100 * time.Millisecond)
	}
	err := p.Page(ctx, pageEffect("noc", "trigger"), testIncident())
	if !chat.IsWaiting(err) || fake.Attempts() != 120 {
		t.Fatalf("121st: %v, %d attempts", err, fake.Attempts())
	}
	if want := 60*time.Second - 12*time.Second; chat.RetryDelay(err) != want {
		t.Fatalf("121st waits %s, want %s", chat.RetryDelay(err), want)
	}
	if err := p.Page(ctx, pageEffect("acme-it", "trigger"), testIncident()); err != nil {
		t.Fatalf("another key is not held: %v", err)
	}
	c.Advance(chat.RetryDelay(err))
	if err := p.Page(ctx, pageEffect("noc", "trigger"), testIncident()); err != nil {
		t.Fatalf("after the window moved: %v", err)
	}
	if n := len(fake.EventsFor("trigger", "INC-7/noc")); n != 121 {
		t.Fatalf("accepted %d", n)
	}
}

func TestDedupKeys(t *testing.T) {
	if k := pagerduty.DedupKey("INC-7", "noc"); k != "INC-7/noc" {
		t.Fatal(k)
	}
	for key, want := range map[string][2]string{
		"INC-7/noc": {"INC-7", "noc"}, " INC-12/acme-it ": {"INC-12", "acme-it"},
		"INC-7": {}, "INC-7/": {}, "inc-7/noc": {}, "INC-07/noc": {}, "INC-x/noc": {}, "INC-7/a/b": {},
		"baf7cf21b1da41b4b0221008339ff357": {}, "": {},
	} {
		id, team, ok := pagerduty.ParseDedupKey(key)
		if ok != (want[0] != "") || id != want[0] || team != want[1] {
			t.Errorf("ParseDedupKey(%q) = %q %q %v", key, id, team, ok)
		}
	}
}
