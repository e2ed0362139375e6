package slacktest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// call calls a Web API method of the fake with a form body and the bot
// token as a bearer.
func call(t *testing.T, s *Server, method, token string, form url.Values) map[string]any {
	t.Helper()
	req, _ := http.NewRequest("POST", s.APIURL()+method, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

func post(t *testing.T, u, contentType, body string) (int, string) {
	t.Helper()
	resp, err := http.Post(u, contentType, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// The external upload as the fake keeps it: raw bytes are taken, a size
// other than announced is refused, an unknown URL is 404, a file is
// completed once and only once uploaded, channels are checked, and both
// methods want the token.
func TestExternalUpload(t *testing.T) {
	s := New(t)
	s.AddChannel("C1", "ops")
	if got := call(t, s, "files.getUploadURLExternal", "", url.Values{"filename": {"a.md"}, "length": {"5"}}); got["error"] != "not_authed" {
		t.Fatalf("no token: %v", got)
	}
	if got := call(t, s, "files.getUploadURLExternal", BotToken, url.Values{"filename": {"a.md"}}); got["error"] != "invalid_arguments" {
		t.Fatalf("no length: %v", got)
	}
	got := call(t, s, "files.getUploadURLExternal", BotToken, url.Values{"filename": {"a.md"}, "length": {"5"}})
	id, upload := got["file_id"].(string), got["upload_url"].(string)
	if got["ok"] != true || !strings.HasPrefix(upload, s.URL+"/upload/") {
		t.Fatalf("getUploadURLExternal: %v", got)
	}
	complete := url.Values{"files": {`[{"id":"` + id + `","title":"A"}]`}, "channel_id": {"C1"}, "initial_comment": {"here"}}
	if got := call(t, s, "files.completeUploadExternal", BotToken, complete); got["error"] != "file_not_found" {
		t.Fatalf("completed before the upload: %v", got)
	}
	if code, _ := post(t, s.URL+"/upload/nope", "application/octet-stream", "hello"); code != 404 {
		t.Fatalf("unknown upload URL: %d", code)
	}
	if code, body := post(t, upload, "application/octet-stream", "hello!"); code != 400 || !strings.Contains(body, "5 were announced") {
		t.Fatalf("wrong size: %d %q", code, body)
	}
	if code, body := post(t, upload, "application/octet-stream", "hello"); code != 200 || body != "OK - 5" {
		t.Fatalf("upload: %d %q", code, body)
	}
	if got := call(t, s, "files.completeUploadExternal", "xoxb-wrong", complete); got["error"] != "invalid_auth" {
		t.Fatalf("wrong token: %v", got)
	}
	if got := call(t, s, "files.completeUploadExternal", BotToken, url.Values{"files": {complete.Get("files")}, "channel_id": {"C9"}}); got["error"] != "channel_not_found" {
		t.Fatalf("unknown channel: %v", got)
	}
	if got := call(t, s, "files.completeUploadExternal", BotToken, complete); got["ok"] != true {
		t.Fatalf("complete: %v", got)
	}
	if got := call(t, s, "files.completeUploadExternal", BotToken, complete); got["error"] != "file_not_found" {
		t.Fatalf("completed twice: %v", got)
	}
	files := s.Files("C1")
	if len(files) != 1 || string(files[0].Data) != "hello" || files[0].Title != "A" || files[0].Comment != "here" {
		t.Fatalf("files %+v", files)
	}
	if m := s.Messages("C1"); len(m) != 1 || m[0].Text != "here" || len(m[0].Files) != 1 || m[0].Files[0] != id {
		t.Fatalf("messages %+v", m)
	}
	if code, _ := post(t, upload, "application/octet-stream", "hello"); code != 400 {
		t.Fatalf("upload after completion: %d", code)
	}
}
