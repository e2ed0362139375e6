package discordtest

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// Channel types Tandem meets.
const (
	TypeText     = 0
	TypeCategory = 4
)

func (s *Server) createChannel(r *http.Request, body []byte) (int, any) {
	var in struct {
		Name     string `json:"name"`
		Type     int    `json:"type"`
		Topic    string `json:"topic"`
		ParentID string `json:"parent_id"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		return invalidForm("body: %v", err)
	}
	if n := utf8.RuneCountInString(in.Name); n < 1 || n > 100 {
		return invalidForm("name: must be between 1 and 100 in length")
	}
	if utf8.RuneCountInString(in.Topic) > 1024 {
		return invalidForm("topic: must be 1024 or fewer in length")
	}
	if status, problem := s.st.placeable(in.ParentID, true); status != 0 {
		return status, problem
	}
	name := in.Name
	if in.Type == TypeText {
		name = textChannelName(name)
	}
	ch := &Channel{ID: s.st.id(), Type: in.Type, GuildID: r.PathValue("guild"), Name: name,
		Topic: in.Topic, ParentID: in.ParentID, Overwrites: map[string]Overwrite{}}
	if status, problem := recordOverwrites(ch, body); problem != nil {
		return status, problem
	}
	s.st.channels[ch.ID] = ch
	s.st.order = append(s.st.order, ch.ID)
	return http.StatusCreated, ch
}

// textChannelName is what Discord makes of a text channel's name:
// lowercase, spaces as dashes.
func textChannelName(name string) string {
	return strings.ReplaceAll(strings.ToLower(name), " ", "-")
}

func (s *Server) getChannel(r *http.Request, _ []byte) (int, any) {
	ch, ok := s.st.channels[r.PathValue("channel")]
	if !ok {
		return unknown("Channel", 10003)
	}
	return http.StatusOK, ch
}

func (s *Server) editChannel(r *http.Request, body []byte) (int, any) {
	ch, ok := s.st.channels[r.PathValue("channel")]
	if !ok {
		return unknown("Channel", 10003)
	}
	var in struct {
		Name  *string `json:"name"`
		Topic *string `json:"topic"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		return invalidForm("body: %v", err)
	}
	if status, problem := s.moveChannel(ch, body); status != 0 {
		return status, problem
	}
	if in.Name != nil {
		ch.Name = textChannelName(*in.Name)
	}
	if in.Topic != nil {
		ch.Topic = *in.Topic
	}
	return http.StatusOK, ch
}

func (s *Server) setPermission(r *http.Request, body []byte) (int, any) {
	ch, ok := s.st.channels[r.PathValue("channel")]
	if !ok {
		return unknown("Channel", 10003)
	}
	var o Overwrite
	if err := json.Unmarshal(body, &o); err != nil {
		return invalidForm("body: %v", err)
	}
	ch.Overwrites[r.PathValue("overwrite")] = o
	return http.StatusNoContent, nil
}

func (s *Server) createMessage(r *http.Request, body []byte) (int, any) {
	id := r.PathValue("channel")
	ch, ok := s.st.channels[id]
	if !ok {
		return unknown("Channel", 10003)
	}
	if status, problem := botCannotSee(ch); problem != nil {
		return status, problem
	}
	payload, files, err := splitMultipart(r, body)
	if err != nil {
		return invalidForm("body: %v", err)
	}
	m, status, problem := readMessage(payload, len(files) > 0)
	if problem != nil {
		return status, problem
	}
	if m.EnforceNonce && m.Nonce != "" {
		if len(m.Nonce) > 25 {
			return invalidForm("nonce: must be 25 or fewer in length")
		}
		// Discord: a message by the same author with the same nonce in the
		// past few minutes is answered instead of creating another.
		for _, old := range s.st.messages[id] {
			if old.Nonce == m.Nonce && time.Since(old.created) < NonceWindow {
				return http.StatusOK, old
			}
		}
	}
	m.created = time.Now()
	for _, f := range files {
		f.ID = s.st.id()
		m.Attachments = append(m.Attachments, f)
	}
	m.ID, m.ChannelID, m.Timestamp = s.st.id(), id, stamp()
	s.st.messages[id] = append(s.st.messages[id], m)
	return http.StatusOK, m
}

func (s *Server) editMessage(r *http.Request, body []byte) (int, any) {
	m := s.findMessage(r.PathValue("channel"), r.PathValue("message"))
	if m == nil {
		return unknown("Message", 10008)
	}
	var in struct {
		Content    *string  `json:"content"`
		Embeds     *[]Embed `json:"embeds"`
		Components *[]Row   `json:"components"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		return invalidForm("body: %v", err)
	}
	next := *m
	if in.Content != nil {
		next.Content = *in.Content
	}
	if in.Embeds != nil {
		next.Embeds = *in.Embeds
	}
	if in.Components != nil {
		next.Components = *in.Components
	}
	if msg := validMessage(&next); msg != "" {
		return invalidForm("%s", msg)
	}
	next.Edits++
	*m = next
	return http.StatusOK, m
}

func (s *Server) findMessage(channel, id string) *Message {
	if _, ok := s.st.channels[channel]; !ok {
		return nil
	}
	for _, m := range s.st.messages[channel] {
		if m.ID == id {
			return m
		}
	}
	return nil
}

// readMessage decodes and checks a new message; withFiles says files came
// along (a message may be a file alone).
func readMessage(body []byte, withFiles bool) (*Message, int, any) {
	var m Message
	if err := json.Unmarshal(body, &m); err != nil {
		status, problem := invalidForm("body: %v", err)
		return nil, status, problem
	}
	if m.Content == "" && len(m.Embeds) == 0 && len(m.Components) == 0 && !withFiles {
		return nil, http.StatusBadRequest, apiError{Message: "Cannot send an empty message", Code: 50006}
	}
	if msg := validMessage(&m); msg != "" {
		status, problem := invalidForm("%s", msg)
		return nil, status, problem
	}
	return &m, 0, nil
}

// validMessage checks Discord's limits on content, embeds and components;
// it returns what is wrong, or "".
func validMessage(m *Message) string {
	if utf8.RuneCountInString(m.Content) > 2000 {
		return "content: must be 2000 or fewer in length"
	}
	if len(m.Embeds) > 10 {
		return "embeds: must be 10 or fewer in length"
	}
	for _, e := range m.Embeds {
		if msg := validEmbed(e); msg != "" {
			return msg
		}
	}
	if len(m.Components) > 5 {
		return "components: must be 5 or fewer in length"
	}
	for _, row := range m.Components {
		if row.Type != 1 || len(row.Components) == 0 || len(row.Components) > 5 {
			return "components: an action row holds 1 to 5 buttons"
		}
		for _, b := range row.Components {
			if b.Type != 2 || b.Style < 1 || b.Style > 5 || len(b.CustomID) > 100 || utf8.RuneCountInString(b.Label) > 80 {
				return "components: invalid button"
			}
			if b.Style != 5 && b.CustomID == "" {
				return "components: a button needs a custom_id"
			}
		}
	}
	return ""
}

func validEmbed(e Embed) string {
	total := utf8.RuneCountInString(e.Title) + utf8.RuneCountInString(e.Description)
	switch {
	case utf8.RuneCountInString(e.Title) > 256:
		return "embeds.title: must be 256 or fewer in length"
	case utf8.RuneCountInString(e.Description) > 4096:
		return "embeds.description: must be 4096 or fewer in length"
	case len(e.Fields) > 25:
		return "embeds.fields: must be 25 or fewer in length"
	}
	for _, f := range e.Fields {
		if f.Name == "" || f.Value == "" || utf8.RuneCountInString(f.Name) > 256 || utf8.RuneCountInString(f.Value) > 1024 {
			return "embeds.fields: invalid field"
		}
		total += utf8.RuneCountInString(f.Name) + utf8.RuneCountInString(f.Value)
	}
	if e.Footer != nil {
		total += utf8.RuneCountInString(e.Footer.Text)
	}
	if total > 6000 {
		return "embeds: must be 6000 or fewer characters in total"
	}
	return ""
}

// maxUpload is Discord's file limit for a server without boosts.
const maxUpload = 10 << 20

// splitMultipart returns a message body as JSON and its files: a
// multipart/form-data body carries the JSON in "payload_json" and each file
// in "files[n]"; any other body is the JSON itself.
func splitMultipart(r *http.Request, body []byte) ([]byte, []Attachment, error) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return body, nil, nil
	}
	mr := multipart.NewReader(strings.NewReader(string(body)), params["boundary"])
	var payload []byte
	var files []Attachment
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return payload, files, nil
		}
		if err != nil {
			return nil, nil, err
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, nil, err
		}
		switch name := p.FormName(); {
		case name == "payload_json":
			payload = data
		case strings.HasPrefix(name, "files["):
			if len(data) > maxUpload {
				return nil, nil, errors.New("file too large")
			}
			files = append(files, Attachment{Filename: p.FileName(), ContentType: p.Header.Get("Content-Type"), Size: len(data), Data: data})
		}
	}
}
