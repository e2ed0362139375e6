package slacktest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Upload is the Method of the calls to an upload URL (the one
// files.getUploadURLExternal hands out), for Calls and FailNext. FailNext
// answers them with its status; FailNextWith with HTTP 400 and the code as
// the body: an upload URL does not speak {"ok":false}.
const Upload = "upload"

// maxUpload caps what the fake takes at an upload URL.
const maxUpload = 64 << 20

// File is a file as the fake keeps it: announced by
// files.getUploadURLExternal, its bytes posted to the upload URL, then
// shared by files.completeUploadExternal (once: Slack's completion can
// only be called once per file).
type File struct {
	ID, Name, Title string
	// Length is the size announced to files.getUploadURLExternal.
	Length int
	// AltText is the alt_txt given for an image.
	AltText string
	// Data is what was posted to the upload URL (nil until then).
	Data []byte
	// Completed says files.completeUploadExternal took the file.
	Completed bool
	// Channels are where it was shared (none: completed but private).
	Channels []string
	// Comment is the initial_comment, the text of the sharing message.
	Comment string
	// TS is the sharing message's ts in the first channel.
	TS string

	key string // the upload URL's secret part
}

// Files returns the files shared in channel, oldest first; with channel
// "", every file the fake knows, shared or not.
func (s *Server) Files(channel string) []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []File
	for _, id := range s.state.fileOrder {
		f := s.state.files[id]
		if channel != "" && !slices.Contains(f.Channels, channel) {
			continue
		}
		c := *f
		c.Data, c.Channels = slices.Clone(f.Data), slices.Clone(f.Channels)
		out = append(out, c)
	}
	return out
}

// getUploadURL is files.getUploadURLExternal: a file ID and a URL on this
// server that takes the file's bytes. The URL is its own credential, as
// Slack's pre-signed ones are.
func getUploadURL(st *state, p map[string]string) (map[string]any, string) {
	length, err := strconv.Atoi(p["length"])
	switch {
	case p["filename"] == "", p["length"] == "":
		return nil, "invalid_arguments"
	case err != nil || length <= 0:
		return nil, "invalid_arguments"
	}
	st.seq++
	f := &File{ID: fmt.Sprintf("F%08d", st.seq), Name: p["filename"], Length: length, AltText: p["alt_txt"], key: randomKey()}
	st.files[f.ID] = f
	st.fileOrder = append(st.fileOrder, f.ID)
	return map[string]any{"file_id": f.ID, "upload_url": st.uploadBase + f.key}, ""
}

func randomKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// completeUpload is files.completeUploadExternal: it shares uploaded files
// in channel_id (and channels), as one message whose text is
// initial_comment, or keeps them private when no channel is given.
func completeUpload(st *state, p map[string]string) (map[string]any, string) {
	var list []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(p["files"]), &list); err != nil || len(list) == 0 {
		return nil, "invalid_arguments"
	}
	var files []*File
	for _, it := range list {
		f := st.files[it.ID]
		if f == nil || f.Data == nil || f.Completed {
			return nil, "file_not_found" // unknown, never uploaded, or already completed
		}
		files = append(files, f)
	}
	targets, code := uploadTargets(st, p)
	if code != "" {
		return nil, code
	}
	if len([]rune(p["initial_comment"])) > 40000 {
		return nil, "msg_too_long"
	}
	ids := make([]string, len(files))
	for i, f := range files {
		ids[i] = f.ID
	}
	var ts string
	for i, ch := range targets {
		m := &Message{Channel: ch, TS: st.nextTS(), Text: p["initial_comment"], ThreadTS: p["thread_ts"], Files: ids}
		st.messages = append(st.messages, m)
		if i == 0 {
			ts = m.TS
		}
	}
	out := make([]map[string]any, len(files))
	for i, f := range files {
		f.Completed, f.Title, f.Channels, f.Comment, f.TS = true, list[i].Title, targets, p["initial_comment"], ts
		if f.Title == "" {
			f.Title = f.Name
		}
		out[i] = map[string]any{"id": f.ID, "title": f.Title}
	}
	return map[string]any{"files": out}, ""
}

// uploadTargets are the channels a completed upload is shared in:
// channel_id, then channels; an error code if one is not writable.
func uploadTargets(st *state, p map[string]string) ([]string, string) {
	var targets []string
	if ch := p["channel_id"]; ch != "" {
		targets = append(targets, ch)
	}
	if chs := p["channels"]; chs != "" {
		targets = append(targets, strings.Split(chs, ",")...)
	}
	for _, ch := range targets {
		if _, code := st.writable(ch); code != "" {
			return nil, code
		}
	}
	return targets, ""
}

// upload takes a file's bytes at its upload URL, raw or as a multipart
// form (the first part that is a file, else the first part), and answers
// 200 "OK - <size>" as Slack does; a non-200 is a failed upload.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	data, name, err := readUpload(r)
	call := Call{Method: Upload, At: time.Now(), Params: map[string]string{"length": strconv.Itoa(len(data)), "filename": name}}
	s.mu.Lock()
	defer s.mu.Unlock()
	defer func() { s.calls = append(s.calls, call) }()
	if f := s.fail[Upload]; f != nil && f.n > 0 {
		f.n--
		if f.code != "" {
			http.Error(w, f.code, http.StatusBadRequest)
			call.Answer = f.code
			return
		}
		call.Answer = f.answer(w)
		return
	}
	var file *File
	for _, f := range s.state.files {
		if f.key == r.PathValue("key") {
			file = f
		}
	}
	switch {
	case file == nil:
		http.Error(w, "upload URL unknown or expired", http.StatusNotFound)
		call.Answer = "HTTP 404"
		return
	case err != nil:
		http.Error(w, "could not read the file: "+err.Error(), http.StatusBadRequest)
		call.Answer = "HTTP 400"
		return
	case file.Completed:
		http.Error(w, "upload already completed", http.StatusBadRequest)
		call.Answer = "HTTP 400"
		return
	case len(data) != file.Length:
		http.Error(w, fmt.Sprintf("got %d bytes, %d were announced", len(data), file.Length), http.StatusBadRequest)
		call.Answer = "HTTP 400"
		return
	}
	call.Params["file"] = file.ID
	file.Data = data
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "OK - %d", len(data))
}

func readUpload(r *http.Request) ([]byte, string, error) {
	body := io.LimitReader(r.Body, maxUpload)
	ct, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "multipart/form-data" {
		b, err := io.ReadAll(body)
		return b, "", err
	}
	mr := multipart.NewReader(body, params["boundary"])
	var first []byte
	var firstName string
	for i := 0; ; i++ {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, "", err
		}
		b, err := io.ReadAll(part)
		if err != nil {
			return nil, "", err
		}
		if part.FileName() != "" {
			return b, part.FileName(), nil
		}
		if i == 0 {
			first, firstName = b, part.FormName()
		}
	}
	if first == nil {
		return nil, "", fmt.Errorf("empty multipart form")
	}
	return first, firstName, nil
}
