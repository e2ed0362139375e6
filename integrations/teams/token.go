package teams

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/tandemhq/tandem/chat"
)

// Scopes of the two APIs Tandem calls with a client-credentials token.
const (
	BotScope   = "https://api.botframework.com/.default"
	GraphScope = "https://graph.microsoft.com/.default"
	// renewBefore is how long before its expiry a token is fetched again,
	// so no call goes out with a token about to lapse.
	renewBefore = 5 * time.Minute
)

// LoginURL is the token endpoint of tenant on Microsoft's identity
// platform (msteams.login_url's default).
func LoginURL(tenant string) string {
	if tenant == "" {
		tenant = "botframework.com"
	}
	return "https://login.microsoftonline.com/" + tenant + "/oauth2/v2.0/token"
}

// tokens gets OAuth 2.0 client-credentials tokens per scope and caches
// each until renewBefore its expiry.
type tokens struct {
	loginURL, appID, password string
	http                      *http.Client
	now                       func() time.Time

	mu     sync.Mutex
	cached map[string]token
}

type token struct {
	value   string
	expires time.Time
}

// get returns a valid token for scope.
func (t *tokens) get(ctx context.Context, scope string) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if tok, ok := t.cached[scope]; ok && t.now().Before(tok.expires.Add(-renewBefore)) {
		return tok.value, nil
	}
	tok, err := t.fetch(ctx, scope)
	if err != nil {
		return "", err
	}
	if t.cached == nil {
		t.cached = map[string]token{}
	}
	t.cached[scope] = tok
	return tok.value, nil
}

// fetch asks the token endpoint; a 429 or 5xx is retried by the outbox
// like any call, a 4xx (wrong app ID or password) never.
func (t *tokens) fetch(ctx context.Context, scope string) (token, error) {
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {t.appID},
		"client_secret": {t.password}, "scope": {scope}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.loginURL, strings.NewReader(form.Encode()))
	if err != nil {
		return token{}, chat.Permanent(fmt.Errorf("teams: token request: %w", err))
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := t.http.Do(req)
	if err != nil {
		return token{}, fmt.Errorf("teams: token request: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err := statusError(resp, "token", body); err != nil {
		return token{}, err
	}
	var out struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.Unmarshal(body, &out); err != nil || out.AccessToken == "" {
		return token{}, fmt.Errorf("teams: token endpoint answered no access_token: %s", snippet(body))
	}
	return token{value: out.AccessToken, expires: t.now().Add(time.Duration(out.ExpiresIn) * time.Second)}, nil
}
