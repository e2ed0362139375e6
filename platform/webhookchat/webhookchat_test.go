package webhookchat_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/bot"
	"github.com/tandemhq/tandem/bot/bottest"
	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// hook is a fake incoming webhook (Mattermost style): it keeps every post.
type hook struct {
	mu    sync.Mutex
	posts []map[string]string
}

func (h *hook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var m map[string]string
	if r.Header.Get("Content-Type") != "application/json" || json.NewDecoder(r.Body).Decode(&m) != nil {
		http.Error(w, "bad post", http.StatusBadRequest)
		return
	}
	h.mu.Lock()
	h.posts = append(h.posts, m)
	h.mu.Unlock()
	w.Write([]byte("ok"))
}

// find reports whether a post in channel, sent as "tandem", has want.
func (h *hook) find(channel, want string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, p := range h.posts {
		if p["channel"] == channel && strings.Contains(p["text"], want) && p["username"] == "tandem" {
			return true
		}
	}
	return false
}

// An alert opens an incident; its room's posts arrive at the webhook as
// JSON, named by the room, and the owning team's channel hears the page.
func TestAlertPostsToWebhook(t *testing.T) {
	h := &hook{}
	srv := httptest.NewServer(h)
	defer srv.Close()
	yaml := strings.Replace(string(config.DemoYAML()), `redis: {url: ""}`,
		`redis: {url: "`+redistest.URL(t)+`", prefix: "`+redistest.Prefix(t)+`"}
sources:
  generic: {token_env: TOKEN}
webhookchat: {url_env: HOOK, username: tandem}`, 1)
	yaml = strings.Replace(yaml, "    slack_channel: C01OPS\n", "    channels: {webhookchat: town-square}\n", 1)
	cfg := bottest.Config(t, yaml, map[string]string{"TOKEN": "s3cret", "HOOK": srv.URL + "/hooks/abc"})
	b := bottest.Start(t, cfg, bot.Options{Now: bottest.NewClock(time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC)).Now})

	alert := `{"summary":"Disk full on db-01","dedup_key":"disk-db-01","severity":"sev2","service":"database"}`
	code, body := bottest.Do(t, "POST", b.URL+"/webhooks/generic", alert,
		map[string]string{"Authorization": "Bearer s3cret", "Content-Type": "application/json"})
	if code != 202 || !strings.Contains(body, "INC-1") {
		t.Fatalf("webhook: %d %s", code, body)
	}
	room := "inc-1-disk-full-on-db-01"
	bottest.Eventually(t, 10*time.Second, func() bool { return h.find(room, "Disk full on db-01") },
		"the room's card at the webhook: %v", h)
	bottest.Eventually(t, 10*time.Second, func() bool { return h.find("town-square", "INC-1") },
		"the team channel told of INC-1: %v", h)
	if strings.Contains(b.Out.String(), "room #") {
		t.Errorf("the console took the rooms too:\n%s", b.Out)
	}
}
