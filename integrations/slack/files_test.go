package slack_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/integrations/slack"
	"github.com/tandemhq/tandem/integrations/slack/slacktest"
)

var review = []byte("# Post-incident review: INC-7 Disk full on db-01\n\n## Summary\n\nDisk full & more <!channel>.\n")

// A review goes through the external upload: an upload URL from the fake,
// the bytes posted there, the file shared in the channel with the comment
// as its message.
func TestUploadFile(t *testing.T) {
	c, fake := client(t, slacktest.BotToken)
	fake.AddChannel("C1", "inc-7")
	if err := c.UploadFile(t.Context(), "C1", "INC-7-review.md", review, "📄 Post-incident review of INC-7 <!here> & co"); err != nil {
		t.Fatal(err)
	}
	var methods []string
	for _, call := range fake.Calls("") {
		methods = append(methods, call.Method)
	}
	if want := []string{"files.getUploadURLExternal", slacktest.Upload, "files.completeUploadExternal"}; !slices.Equal(methods, want) {
		t.Fatalf("calls %v, want %v", methods, want)
	}
	get := fake.Calls("files.getUploadURLExternal")[0].Params
	if get["filename"] != "INC-7-review.md" || get["length"] != strconv.Itoa(len(review)) || get["alt_txt"] != "" {
		t.Fatalf("files.getUploadURLExternal %v (the review is %d bytes)", get, len(review))
	}
	files := fake.Files("C1")
	if len(files) != 1 {
		t.Fatalf("files in C1: %+v", files)
	}
	f := files[0]
	if f.Name != "INC-7-review.md" || f.Title != "INC-7-review.md" || string(f.Data) != string(review) || !f.Completed {
		t.Fatalf("file %+v", f)
	}
	if want := "📄 Post-incident review of INC-7 &lt;!here&gt; &amp; co"; f.Comment != want {
		t.Fatalf("comment %q, want %q (escaped)", f.Comment, want)
	}
	complete := fake.Calls("files.completeUploadExternal")[0].Params
	var sent []map[string]string
	if err := json.Unmarshal([]byte(complete["files"]), &sent); err != nil || len(sent) != 1 || sent[0]["id"] != f.ID || complete["channel_id"] != "C1" {
		t.Fatalf("files.completeUploadExternal %v", complete)
	}
	msgs := fake.Messages("C1")
	if len(msgs) != 1 || msgs[0].Text != f.Comment || !slices.Equal(msgs[0].Files, []string{f.ID}) || msgs[0].TS != f.TS {
		t.Fatalf("messages %+v", msgs)
	}
}

// A chart (PNG) is described for screen readers by its comment.
func TestUploadFileImageAltText(t *testing.T) {
	c, fake := client(t, slacktest.BotToken)
	fake.AddChannel("C1", "managers")
	png := []byte("\x89PNG\r\n\x1a\n....")
	if err := c.UploadFile(t.Context(), "C1", "time-to-ack-2026-12-07.png", png, "Time to acknowledge by side"); err != nil {
		t.Fatal(err)
	}
	if alt := fake.Calls("files.getUploadURLExternal")[0].Params["alt_txt"]; alt != "Time to acknowledge by side" {
		t.Fatalf("alt_txt %q", alt)
	}
	if f := fake.Files("C1"); len(f) != 1 || string(f[0].Data) != string(png) {
		t.Fatalf("files %+v", f)
	}
}

// Failures at each step: 429 waits Retry-After, 5xx and network errors are
// retried with backoff, errors Slack would repeat are permanent with
// Slack's error string. A retry starts over and shares the file once.
func TestUploadFileErrors(t *testing.T) {
	ctx := t.Context()
	setup := func(t *testing.T) (*slack.Client, *slacktest.Server) {
		c, fake := client(t, slacktest.BotToken)
		fake.AddChannel("C1", "inc-7")
		return c, fake
	}
	for _, method := range []string{"files.getUploadURLExternal", slacktest.Upload, "files.completeUploadExternal"} {
		t.Run("RateLimited/"+method, func(t *testing.T) {
			c, fake := setup(t)
			fake.FailNext(method, 1, http.StatusTooManyRequests, 3*time.Second)
			err := c.UploadFile(ctx, "C1", "INC-7-review.md", review, "review")
			if chat.RetryDelay(err) != 3*time.Second || chat.IsPermanent(err) {
				t.Fatalf("got %v", err)
			}
			if len(fake.Files("C1")) != 0 {
				t.Fatal("shared despite the 429")
			}
		})
		t.Run("ServerError/"+method, func(t *testing.T) {
			c, fake := setup(t)
			fake.FailNext(method, 1, http.StatusBadGateway, 0)
			err := c.UploadFile(ctx, "C1", "INC-7-review.md", review, "review")
			if err == nil || chat.IsPermanent(err) || chat.RetryDelay(err) != 0 || !strings.Contains(err.Error(), "HTTP 502") {
				t.Fatalf("got %v", err)
			}
			// The outbox's retry starts over and shares the file once.
			if err := c.UploadFile(ctx, "C1", "INC-7-review.md", review, "review"); err != nil {
				t.Fatal(err)
			}
			if f := fake.Files("C1"); len(f) != 1 || string(f[0].Data) != string(review) {
				t.Fatalf("files %+v", f)
			}
			if n := len(fake.Messages("C1")); n != 1 {
				t.Fatalf("%d messages", n)
			}
		})
	}
	for _, tc := range []struct{ method, code string }{
		{"files.getUploadURLExternal", "missing_scope"}, // no files:write
		{"files.getUploadURLExternal", "invalid_auth"},
		{"files.completeUploadExternal", "channel_not_found"},
		{"files.completeUploadExternal", "not_in_channel"},
		{"files.completeUploadExternal", "is_archived"},
	} {
		t.Run("Permanent/"+tc.method+"/"+tc.code, func(t *testing.T) {
			c, fake := setup(t)
			fake.FailNextWith(tc.method, 1, tc.code)
			err := c.UploadFile(ctx, "C1", "INC-7-review.md", review, "review")
			var api *slack.APIError
			if !chat.IsPermanent(err) || !errors.As(err, &api) || api.Code != tc.code || api.Method != tc.method {
				t.Fatalf("got %v", err)
			}
		})
	}
	t.Run("Permanent/ChannelsAsSlackHasThem", func(t *testing.T) {
		c, fake := setup(t)
		fake.AddForeignChannel("C2", "elsewhere")
		fake.AddChannel("C3", "old")
		fake.Archive("C3")
		for ch, code := range map[string]string{"C9": "channel_not_found", "C2": "not_in_channel", "C3": "is_archived"} {
			err := c.UploadFile(ctx, ch, "INC-7-review.md", review, "review")
			if !chat.IsPermanent(err) || !strings.Contains(err.Error(), "files.completeUploadExternal: "+code) {
				t.Fatalf("%s: got %v", ch, err)
			}
		}
		if n := len(fake.Files("")); n != 3 {
			t.Fatalf("%d files announced", n)
		}
		for _, f := range fake.Files("") {
			if f.Completed {
				t.Fatalf("file %s shared", f.ID)
			}
		}
	})
	t.Run("Permanent/WrongToken", func(t *testing.T) {
		c, fake := client(t, "xoxb-wrong")
		fake.AddChannel("C1", "inc-7")
		err := c.UploadFile(ctx, "C1", "INC-7-review.md", review, "review")
		var api *slack.APIError
		if !chat.IsPermanent(err) || !errors.As(err, &api) || api.Code != "invalid_auth" {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("Permanent/UploadRefused", func(t *testing.T) {
		c, fake := setup(t)
		fake.FailNextWith(slacktest.Upload, 1, "invalid_file")
		err := c.UploadFile(ctx, "C1", "INC-7-review.md", review, "review")
		if !chat.IsPermanent(err) || !strings.Contains(err.Error(), "HTTP 400") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("Transient/internal_error", func(t *testing.T) {
		c, fake := setup(t)
		fake.FailNextWith("files.completeUploadExternal", 1, "internal_error")
		if err := c.UploadFile(ctx, "C1", "INC-7-review.md", review, "review"); err == nil || chat.IsPermanent(err) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("Permanent/Empty", func(t *testing.T) {
		c, fake := setup(t)
		for name, data := range map[string][]byte{"empty.md": nil, "": review} {
			if err := c.UploadFile(ctx, "C1", name, data, "review"); !chat.IsPermanent(err) {
				t.Fatalf("%q: got %v", name, err)
			}
		}
		if n := len(fake.Calls("")); n != 0 {
			t.Fatalf("%d calls", n)
		}
	})
}

// An upload URL that is neither Slack's nor on the API URL's host does not
// get the token (nor the file): a permanent failure, nothing sent there.
func TestUploadFileForeignUploadURL(t *testing.T) {
	var hits atomic.Int32
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer foreign.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"ok": true, "file_id": "F1", "upload_url": foreign.URL + "/upload/x"})
	}))
	defer api.Close()
	c, err := slack.New(slack.Options{Token: slacktest.BotToken, APIURL: api.URL + "/api/"})
	if err != nil {
		t.Fatal(err)
	}
	err = c.UploadFile(t.Context(), "C1", "INC-7-review.md", review, "review")
	if !chat.IsPermanent(err) || hits.Load() != 0 {
		t.Fatalf("got %v, %d requests to the upload URL", err, hits.Load())
	}
	if u, _ := url.Parse(foreign.URL); strings.Contains(err.Error(), "/upload/x") || !strings.Contains(err.Error(), u.Host) {
		t.Fatalf("error %q: names the host, not the URL's secret path", err)
	}
}
