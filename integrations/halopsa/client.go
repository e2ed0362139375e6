package halopsa

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/internal/clientopt"
)

// Options configure a Client.
type Options struct {
	// APIURL is the resource server's API root, ending in /api/
	// (https://acme.halopsa.com/api/).
	APIURL string
	// AuthURL is the token endpoint (https://acme.halopsa.com/auth/token).
	AuthURL string
	// ClientID and ClientSecret are the API application's credentials
	// (Configuration > Integrations > HaloPSA API > Applications).
	ClientID, ClientSecret string
	// Tenant is the Halo tenant, for hosted Halo ("" on-premises).
	Tenant string
	HTTP   *http.Client
	Logger *slog.Logger
	Now    func() time.Time
}

// Client talks to one Halo instance. It is safe for concurrent use.
type Client struct {
	opt  Options
	api  *url.URL
	loc  *time.Location
	mu   sync.Mutex
	tok  string
	till time.Time
}

// New checks the options and returns a client.
func New(opt Options) (*Client, error) {
	api, err := url.Parse(opt.APIURL)
	if err != nil || api.Scheme == "" || api.Host == "" || !strings.HasSuffix(api.Path, "/") {
		return nil, fmt.Errorf("halopsa: api_url must be an absolute URL ending in /api/, got %q", opt.APIURL)
	}
	if u, err := url.Parse(opt.AuthURL); err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("halopsa: auth_url must be an absolute URL, got %q", opt.AuthURL)
	}
	if opt.ClientID == "" || opt.ClientSecret == "" {
		return nil, errors.New("halopsa: client_id and client_secret are required")
	}
	c := &Client{opt: opt, api: api}
	clientopt.Defaults(&c.opt.HTTP, &c.opt.Logger, &c.loc, &c.opt.Now)
	return c, nil
}

// call sends one API request with the bearer token and decodes a 2xx
// answer into out (nil: ignored).
func (c *Client) call(ctx context.Context, method, path string, in, out any) error {
	tok, err := c.token(ctx)
	if err != nil {
		return err
	}
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return chat.Permanent(fmt.Errorf("halopsa: %w", err))
		}
		body = bytes.NewReader(b)
	}
	// path may carry a query ("Actions?ticket_id=3"): JoinPath would escape it.
	p, q, _ := strings.Cut(path, "?")
	u := c.api.JoinPath(p)
	u.RawQuery = q
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return chat.Permanent(fmt.Errorf("halopsa: %w", err))
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	return c.do(req, method+" "+p, out)
}

// do sends req and maps its answer (see the package doc).
func (c *Client) do(req *http.Request, what string, out any) error {
	resp, err := c.opt.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("halopsa: %s: %w", what, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if resp.StatusCode/100 == 2 {
		if out == nil || len(bytes.TrimSpace(data)) == 0 {
			return nil
		}
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("halopsa: %s: reading the answer: %w", what, err)
		}
		return nil
	}
	return c.statusError(resp, what, data)
}

// statusError says what to do about a failed call.
func (c *Client) statusError(resp *http.Response, what string, data []byte) error {
	err := &HTTPError{Status: resp.StatusCode, msg: fmt.Sprintf("halopsa: %s: HTTP %d: %s", what, resp.StatusCode, errorText(data))}
	switch code := resp.StatusCode; {
	case what == "token" && code >= 400 && code < 500 && code != http.StatusTooManyRequests:
		return chat.Permanent(err) // wrong credentials or tenant: no retry fixes the config
	case code == http.StatusUnauthorized:
		c.dropToken() // revoked or expired early: the next attempt asks again
		return err
	}
	return chat.StatusError(resp.StatusCode, resp.Header, err)
}

// HTTPError is a call Halo answered with a failure status.
type HTTPError struct {
	Status int
	msg    string
}

func (e *HTTPError) Error() string { return e.msg }

// IsNotFound reports whether err is Halo's 404 (a ticket deleted).
func IsNotFound(err error) bool {
	var e *HTTPError
	return errors.As(err, &e) && e.Status == http.StatusNotFound
}

// errorText is the readable part of Halo's error body: its JSON message
// or error_description, else the text itself, cut short.
func errorText(data []byte) string {
	var e struct {
		Message string `json:"message"`
		Error   string `json:"error"`
		Desc    string `json:"error_description"`
	}
	if json.Unmarshal(data, &e) == nil {
		for _, s := range []string{e.Message, e.Desc, e.Error} {
			if s != "" {
				return s
			}
		}
	}
	s := strings.TrimSpace(string(data))
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}
