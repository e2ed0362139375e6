package tenants_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore/redistest"
	"github.com/tandemhq/tandem/tenants"
)

// customer is one tenant's config: its own team, its own secrets'
// variable names (<NAME>_TOKEN for its webhook, <NAME>_API for its API).
func customer(name string, where bottest.Where, wait string) string {
	env := strings.ToUpper(name)
	sc := bottest.Scenario{
		Teams: []bottest.Team{{Name: name + "-it", Side: "internal", NoRotation: true,
			Members: []bottest.Member{{Name: "Alice of " + name}}}},
		Services:    []bottest.Service{{Name: "database", Owner: name + "-it", Ladder: "standard", Severity: "sev2"}},
		Ladders:     []bottest.Ladder{{Name: "standard", Steps: []bottest.Step{{Notify: []string{name + "-it"}, Wait: wait}, {Notify: []string{name + "-it"}}}}},
		Sources:     []bottest.Source{{Name: "generic", Keys: "token_env: " + env + "_TOKEN, max_new_per_minute: 1000000"}},
		APITokenEnv: env + "_API",
	}
	return sc.Render(where)
}

// host runs a tenant directory on a real Redis, served by httptest.
type host struct {
	dir, prefix, redis string
	where              bottest.Where
	h                  *tenants.Host
	url                string
	out                *bottest.Buffer
}

func startHost(t *testing.T, names ...string) *host {
	t.Helper()
	hs := newHost(t)
	for _, n := range names {
		hs.write(t, n, customer(n, hs.where, "1h"))
		env := strings.ToUpper(n)
		t.Setenv(env+"_TOKEN", n+"-token")
		t.Setenv(env+"_API", n+"-api")
	}
	hs.serve(t, nil)
	return hs
}

// newHost is a tenant directory on a fresh real Redis, not served yet.
func newHost(t *testing.T) *host {
	u := redistest.URL(t)
	hs := &host{dir: t.TempDir(), prefix: redistest.Prefix(t), redis: u, out: &bottest.Buffer{}}
	hs.where = bottest.Where{Redis: fmt.Sprintf("url: %q", u), Prefix: hs.prefix}
	return hs
}

// serve starts the directory's tenants (on the clock now, or the real
// one when nil), served by httptest until the test ends.
func (hs *host) serve(t *testing.T, now func() time.Time) {
	t.Helper()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	h, err := tenants.New(context.Background(), hs.dir, bot.Options{Logger: log, Out: hs.out, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h.Start(ctx)
	srv := httptest.NewServer(h)
	t.Cleanup(func() { srv.Close(); cancel(); h.Stop() })
	hs.h, hs.url = h, srv.URL
}

func (hs *host) write(t *testing.T, name, yaml string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(hs.dir, name+".yaml"), []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
}

// alert sends a generic alert to tenant with token; it returns the code.
func (hs *host) alert(t *testing.T, tenant, token, key string) (int, string) {
	body := fmt.Sprintf(`{"summary":"Disk full on %s","dedup_key":%q,"severity":"sev2","service":"database"}`, key, key)
	return bottest.Do(t, "POST", hs.url+"/t/"+tenant+"/webhooks/generic", body, map[string]string{"Authorization": "Bearer " + token})
}

func (hs *host) keys(t *testing.T, tenant string) int {
	t.Helper()
	out, err := redistest.Command(hs.addr(), "KEYS", hs.prefix+"{"+tenant+"}:*")
	if err != nil {
		t.Fatal(err)
	}
	return len(strings.Fields(out))
}

func TestTwoTenantsAreApart(t *testing.T) {
	hs := startHost(t, "acme", "globex")
	for i, want := range []string{`"INC-1"`, `"INC-2"`} {
		if code, body := hs.alert(t, "acme", "acme-token", fmt.Sprintf("acme-%d", i)); code != 202 || !strings.Contains(body, want) {
			t.Fatalf("acme alert %d: %d %s", i, code, body)
		}
	}
	if code, body := hs.alert(t, "globex", "globex-token", "globex-0"); code != 202 || !strings.Contains(body, `"INC-1"`) {
		t.Fatalf("globex alert: %d %s", code, body)
	}
	// Each tenant's secrets are its own.
	if code, _ := hs.alert(t, "globex", "acme-token", "x"); code != 401 {
		t.Fatalf("acme's token on globex's webhook: %d, want 401", code)
	}
	// One tenant's API never returns another's incident.
	api := func(tenant, token, id string) int {
		code, _ := bottest.Do(t, "GET", hs.url+"/t/"+tenant+"/api/v1/incidents/"+id, "", map[string]string{"Authorization": "Bearer " + token})
		return code
	}
	if api("acme", "acme-api", "INC-2") != 200 || api("globex", "globex-api", "INC-2") != 404 || api("globex", "acme-api", "INC-1") != 401 {
		t.Fatal("a tenant's API reached another tenant's incident, or its own failed")
	}
	if hs.keys(t, "acme") == 0 || hs.keys(t, "globex") == 0 || hs.keys(t, "default") != 0 {
		t.Fatalf("keys: acme %d, globex %d, default %d", hs.keys(t, "acme"), hs.keys(t, "globex"), hs.keys(t, "default"))
	}
	for _, path := range []string{"/t/initech/webhooks/generic", "/webhooks/generic", "/t/"} {
		if code, body := bottest.Do(t, "POST", hs.url+path, "{}", nil); code != 404 || !strings.Contains(body, "error") {
			t.Fatalf("POST %s: %d %s, want a 404 naming the problem", path, code, body)
		}
	}
}

// A tenant file changed, broken, removed and added under load: every alert
// answered 202 is stored, no timer of a running tenant is lost, a broken
// file is refused with FILE:LINE:COL and its tenant keeps serving.
func TestReloadUnderLoad(t *testing.T) {
	hs := startHost(t, "acme", "globex")
	if code, body := hs.alert(t, "acme", "acme-token", "before-reload"); code != 202 {
		t.Fatalf("acme: %d %s", code, body)
	}
	timersBefore := hs.timers(t, "acme")
	accepted := map[string]*atomic.Int64{"acme": {}, "globex": {}}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for tenant, n := range accepted {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if code, _ := hs.alert(t, tenant, tenant+"-token", fmt.Sprintf("load-%d", i)); code == 202 {
					n.Add(1)
				}
				time.Sleep(5 * time.Millisecond)
			}
		})
	}
	time.Sleep(200 * time.Millisecond)

	hs.write(t, "acme", customer("acme", hs.where, "2h"))
	rep := hs.reload(t)
	if strings.Join(rep.Changed, ",") != "acme" || len(rep.Added)+len(rep.Removed)+len(rep.Refused) != 0 {
		t.Fatalf("change: %+v", rep)
	}
	hs.write(t, "acme", customer("acme", hs.where, "2h")+"bogus_key: 1\n")
	rep = hs.reload(t)
	if err := rep.Refused["acme"]; err == nil || !strings.Contains(err.Error(), "acme.yaml:") || !strings.Contains(err.Error(), "bogus_key") {
		t.Fatalf("a broken file was not refused with its position: %+v", rep)
	}
	time.Sleep(200 * time.Millisecond)
	close(stop)
	wg.Wait()

	for tenant, n := range accepted {
		if got := hs.incidents(t, tenant) - map[string]int{"acme": 1}[tenant]; got != int(n.Load()) || n.Load() == 0 {
			t.Errorf("%s: %d alerts answered 202, %d incidents stored", tenant, n.Load(), got)
		}
	}
	for id := range timersBefore {
		if !hs.timers(t, "acme")[id] {
			t.Errorf("acme's timer %s was lost in the reload", id)
		}
	}
	if code, _ := hs.alert(t, "acme", "acme-token", "after-broken"); code != 202 {
		t.Fatalf("acme stopped serving after its broken file was refused: %d", code)
	}

	os.Remove(filepath.Join(hs.dir, "globex.yaml"))
	hs.write(t, "initech", customer("initech", hs.where, "1h"))
	t.Setenv("INITECH_TOKEN", "initech-token")
	t.Setenv("INITECH_API", "initech-api")
	rep = hs.reload(t)
	if strings.Join(rep.Removed, ",") != "globex" || strings.Join(rep.Added, ",") != "initech" || rep.Refused["acme"] == nil {
		t.Fatalf("remove and add: %+v", rep)
	}
	if code, _ := hs.alert(t, "globex", "globex-token", "gone"); code != 404 {
		t.Fatalf("a removed tenant answered %d, want 404", code)
	}
	if code, body := hs.alert(t, "initech", "initech-token", "new"); code != 202 || !strings.Contains(body, `"INC-1"`) {
		t.Fatalf("an added tenant: %d %s", code, body)
	}
}

// addr is the Redis server's host:port.
func (hs *host) addr() string {
	u, _ := url.Parse(hs.redis)
	return u.Host
}

func (hs *host) reload(t *testing.T) tenants.Report {
	t.Helper()
	rep, err := hs.h.Reload(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func (hs *host) incidents(t *testing.T, tenant string) int {
	t.Helper()
	b := hs.h.Bot(tenant)
	incs, err := b.Store().List(context.Background(), incident.StatusOpen, incident.StatusAcked, incident.StatusResolved)
	if err != nil {
		t.Fatal(err)
	}
	return len(incs)
}

// timers are the IDs of tenant's pending timers, straight from Redis.
func (hs *host) timers(t *testing.T, tenant string) map[string]bool {
	t.Helper()
	out, err := redistest.Command(hs.addr(), "HKEYS", hs.prefix+"{"+tenant+"}:timers:data")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, id := range strings.Fields(out) {
		ids[id] = true
	}
	return ids
}
