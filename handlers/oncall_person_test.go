package handlers

import "testing"

// A person typed as a chat mention is found on whichever chats are wired,
// a platform added through the registry included, not on a fixed list.
func TestPersonByMentionOnAnyWiredChat(t *testing.T) {
	dir := NewDirectory(map[string]*Team{}, nil, []Member{
		{Name: "Bob", Accounts: map[string]string{"webhookchat": "bob-1", "slack": "U0BOB"}},
	})
	s := New(nil, Options{Directory: dir, Platforms: []string{"webhookchat"}})
	for _, tc := range []struct {
		typed, want string
		ok          bool
	}{
		{"<@bob-1>", "Bob", true},
		{"<@bob-1|Bob B>", "Bob", true},
		{"<@U0BOB>", "", false}, // Slack is not wired here
		{"bob", "Bob", true},
		{"<@nobody>", "", false},
	} {
		if got, ok := s.person(tc.typed); got != tc.want || ok != tc.ok {
			t.Errorf("person(%q) = %q, %v; want %q, %v", tc.typed, got, ok, tc.want, tc.ok)
		}
	}
}
