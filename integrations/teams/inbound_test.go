package teams_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/teams"
	"github.com/tandemhq/tandem/integrations/teams/teamstest"
)

// endpoint is the messaging endpoint against a fake Teams, counting the
// requests that reached the use cases.
type endpoint struct {
	fake *teamstest.Server
	send *teamstest.Sender
	mu   sync.Mutex
	reqs []chat.Request
}

func startEndpoint(t *testing.T) *endpoint {
	t.Helper()
	e := &endpoint{fake: teamstest.Start(t)}
	c, err := teams.New(teams.Options{AppID: teamstest.AppID, Password: teamstest.AppPassword,
		ServiceURL: e.fake.ServiceURL(), LoginURL: e.fake.LoginURL()})
	if err != nil {
		t.Fatal(err)
	}
	h, err := teams.NewHandler(c, teams.HandlerOptions{
		Verifier: teams.NewVerifier(e.fake.OpenIDURL(), teamstest.AppID, http.DefaultClient, time.Now),
		Handle: func(_ context.Context, req chat.Request) chat.Response {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.reqs = append(e.reqs, req)
			return chat.Response{}
		},
		Incident: func(context.Context, string) (incident.Incident, error) { return incident.Incident{}, nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	e.send = &teamstest.Sender{Server: e.fake, URL: srv.URL}
	return e
}

func (e *endpoint) handled() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.reqs)
}

var nora = teamstest.User{ID: "29:nora", Name: "Nora", AADObjectID: "aad-nora"}

// Every bad token is refused with 401 and nothing of the activity is
// parsed: the body sent with it is not even JSON, which would be a 400.
func TestInboundTokenChecks(t *testing.T) {
	e := startEndpoint(t)
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	bearer := func(edit func(*teamstest.Claims)) string {
		c := e.send.DefaultClaims()
		edit(&c)
		return "Bearer " + e.send.Token(c)
	}
	forged := func() string {
		c := e.send.DefaultClaims()
		tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"iss": c.Issuer, "aud": c.Audience,
			"serviceurl": c.ServiceURL, "nbf": c.IssuedAt.Unix(), "exp": c.Expires.Unix()})
		tok.Header["kid"] = teamstest.KeyID
		s, _ := tok.SignedString(other)
		return "Bearer " + s
	}
	cases := []struct{ name, auth string }{
		{"WrongSignature", forged()},
		{"WrongAudience", bearer(func(c *teamstest.Claims) { c.Audience = "another-app" })},
		{"WrongIssuer", bearer(func(c *teamstest.Claims) { c.Issuer = "https://sts.windows.net/evil/" })},
		{"Expired", bearer(func(c *teamstest.Claims) { c.Expires = time.Now().Add(-6 * time.Minute) })},
		{"NotYetValid", bearer(func(c *teamstest.Claims) { c.IssuedAt = time.Now().Add(6 * time.Minute) })},
		{"NoServiceURL", bearer(func(c *teamstest.Claims) { c.ServiceURL = "" })},
		{"MissingHeader", ""},
		{"NotBearer", "Basic dXNlcjpwYXNz"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, body, err := e.send.Post(map[string]any{"not": []int{1}}, tc.auth)
			if err != nil || code != http.StatusUnauthorized {
				t.Fatalf("got %d %q (%v), want 401", code, body, err)
			}
		})
	}
	if n := e.handled(); n != 0 {
		t.Fatalf("%d requests reached the use cases", n)
	}
}

// A token within the 5 minutes of skew is accepted; a valid token whose
// serviceUrl is not the activity's is refused.
func TestInboundValidTokenAndServiceURL(t *testing.T) {
	e := startEndpoint(t)
	act := e.send.Mention(nora, "19:noc@thread.tacv2", "", "help")
	code, body, err := e.send.Post(act, "Bearer "+e.send.Token(func() teamstest.Claims {
		c := e.send.DefaultClaims()
		c.Expires = time.Now().Add(-4 * time.Minute)
		return c
	}()))
	if err != nil || code != http.StatusOK {
		t.Fatalf("valid token (expired within the skew): %d %q %v", code, body, err)
	}
	if e.handled() != 1 || e.reqs[0].Text != "help" || e.reqs[0].User != "aad-nora" || e.reqs[0].Platform != "teams" {
		t.Fatalf("request: %+v", e.reqs)
	}
	c := e.send.DefaultClaims()
	c.ServiceURL = "https://smba.trafficmanager.net/emea/"
	act = e.send.Mention(nora, "19:noc@thread.tacv2", "", "help")
	if code, body, _ := e.send.Post(act, "Bearer "+e.send.Token(c)); code != http.StatusUnauthorized {
		t.Fatalf("serviceUrl mismatch: %d %q, want 401", code, body)
	}
	if e.handled() != 1 {
		t.Fatalf("the mismatched activity reached the use cases")
	}
}

// An unknown kid makes the verifier fetch the keys once more (Microsoft
// rotates them); a key published meanwhile is then accepted, one still
// unknown refused, without a fetch per request.
func TestInboundUnknownKidRefreshesOnce(t *testing.T) {
	e := startEndpoint(t)
	if code, _, _ := e.send.Send(e.send.Mention(nora, "19:noc@thread.tacv2", "", "help")); code != 200 {
		t.Fatalf("first activity: %d", code)
	}
	before := e.fake.JWKSFetches()
	e.fake.AddKey("rotated-key")
	c := e.send.DefaultClaims()
	c.KeyID = "rotated-key"
	if code, _, _ := e.send.Post(e.send.Mention(nora, "19:noc@thread.tacv2", "", "help"), "Bearer "+e.send.Token(c)); code != 200 {
		t.Fatalf("rotated key: %d", code)
	}
	if got := e.fake.JWKSFetches(); got != before+1 {
		t.Fatalf("JWKS fetched %d times for the rotated key, want once", got-before)
	}
	c.KeyID = "never-published"
	for range 3 {
		if code, _, _ := e.send.Post(e.send.Mention(nora, "19:noc@thread.tacv2", "", "help"), "Bearer "+e.send.Token(c)); code != 401 {
			t.Fatalf("unknown kid: %d, want 401", code)
		}
	}
	if got := e.fake.JWKSFetches(); got != before+2 {
		t.Fatalf("JWKS fetched %d times for 3 unknown kids, want one refresh", got-before-1)
	}
}
