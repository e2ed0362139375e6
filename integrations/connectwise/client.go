package connectwise

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Platform is the chat-platform key under which ConnectWise tickets are an
// incident's room: in config (the section, accounts and channels), room
// records and timeline actors.
const Platform = "connectwise"

// Options configure a Client.
type Options struct {
	// APIURL ends in /v4_6_release/apis/3.0/ (the site's API root).
	APIURL string
	// CompanyID, PublicKey and PrivateKey are the API member's
	// credentials; ClientID the integration's clientId.
	CompanyID, PublicKey, PrivateKey, ClientID string
	HTTP                                       *http.Client // default: 15-s timeout
}

// Client calls ConnectWise's REST API.
type Client struct {
	base     *url.URL
	auth     string
	clientID string
	http     *http.Client
}

// New checks opt and returns a client.
func New(opt Options) (*Client, error) {
	u, err := url.Parse(opt.APIURL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("connectwise: api_url must be an absolute URL, got %q", opt.APIURL)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	switch {
	case opt.CompanyID == "":
		return nil, errors.New("connectwise: company_id is required")
	case opt.PublicKey == "" || opt.PrivateKey == "":
		return nil, errors.New("connectwise: the API member's public and private keys are required")
	case opt.ClientID == "":
		return nil, errors.New("connectwise: client_id is required (every call carries it)")
	}
	c := &Client{base: u, clientID: opt.ClientID, http: opt.HTTP,
		auth: "Basic " + base64.StdEncoding.EncodeToString([]byte(opt.CompanyID+"+"+opt.PublicKey+":"+opt.PrivateKey))}
	if c.http == nil {
		c.http = &http.Client{Timeout: 15 * time.Second}
	}
	return c, nil
}

// do sends one call (path relative to the API root, query included) with
// in as its JSON body, and decodes the answer into out when both are set.
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	ref, err := url.Parse(path)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base.ResolveReference(ref).String(), body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", c.auth)
	req.Header.Set("clientId", c.clientID)
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("connectwise: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return fmt.Errorf("connectwise: %s %s: reading the answer: %w", method, path, err)
	}
	if err := statusError(resp, method+" "+strings.SplitN(path, "?", 2)[0], b); err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("connectwise: %s %s: decoding the answer: %w", method, path, err)
	}
	return nil
}
