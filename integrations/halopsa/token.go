package halopsa

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tandemhq/tandem/chat"
)

// tokenMargin renews a token this long before Halo says it expires, so a
// call never goes out with a token about to lapse.
const tokenMargin = time.Minute

// token returns the cached access token or asks for a new one.
func (c *Client) token(ctx context.Context) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tok != "" && c.opt.Now().Before(c.till) {
		return c.tok, nil
	}
	var out struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := c.do(c.tokenRequest(ctx), "token", &out); err != nil {
		return "", err
	}
	if out.AccessToken == "" {
		return "", chat.Permanent(fmt.Errorf("halopsa: token: the answer has no access_token"))
	}
	c.tok = out.AccessToken
	c.till = c.opt.Now().Add(time.Duration(out.ExpiresIn)*time.Second - tokenMargin)
	return c.tok, nil
}

// tokenRequest is the client-credentials grant.
func (c *Client) tokenRequest(ctx context.Context) *http.Request {
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {c.opt.ClientID},
		"client_secret": {c.opt.ClientSecret}, "scope": {"all"}}
	u := c.opt.AuthURL
	if c.opt.Tenant != "" {
		u += "?tenant=" + url.QueryEscape(c.opt.Tenant)
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

// dropToken forgets the cached token.
func (c *Client) dropToken() {
	// Called from do, which token calls with mu held: TryLock keeps a
	// failed token request from deadlocking; there is no token to drop then.
	if c.mu.TryLock() {
		c.tok = ""
		c.mu.Unlock()
	}
}
