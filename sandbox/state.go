package sandbox

import (
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
)

// DefaultStateDir is where the sandbox keeps what it creates (host key, demo key pair,
// generated passwords, SFTP trees, audit log) when --state-dir is not given:
// $XDG_STATE_HOME/wpti-sandbox, else ~/.local/state/wpti-sandbox, else a temp folder.
func DefaultStateDir() string {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "wpti-sandbox")
	}
	if h, err := os.UserHomeDir(); err == nil && h != "" {
		return filepath.Join(h, ".local", "state", "wpti-sandbox")
	}
	return filepath.Join(os.TempDir(), "wpti-sandbox")
}

// passwordChars avoids characters that need quoting in a shell or look alike (0/O, 1/l/I),
// so the printed sshpass line works as pasted.
const passwordChars = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

func newPassword(n int) (string, error) {
	var b strings.Builder
	for range n {
		i, err := rand.Int(rand.Reader, big.NewInt(int64(len(passwordChars))))
		if err != nil {
			return "", err
		}
		b.WriteByte(passwordChars[i.Int64()])
	}
	return b.String(), nil
}

// loadOrCreatePassword keeps a generated SFTP password in the state folder so it survives
// restarts (the OLO's scripts keep working).
func loadOrCreatePassword(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		p := strings.TrimSpace(string(b))
		if len(p) >= 12 {
			return p, nil
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	p, err := newPassword(20)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(path, []byte(p+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("salvataggio della password in %s: %w", path, err)
	}
	return p, nil
}
