// Package sftpd is the sandbox's SFTP server: read-only, one tree per OLO,
// and exactly the host network's published policy (design note SFTP.md).
//
// What a client meets, in order:
//
//   - Source address: a connection from an IP that no account lists, or from
//     an IP the brute-force brake has banned, is closed right after accept,
//     before the SSH banner. An IP may be shared by two OLOs (e.g. one
//     provider's NAT); each login is then checked against its own account's
//     list (at most 3 IPs per OLO), so an OLO cannot log in from another
//     OLO's address.
//   - Algorithms: only Policy's key exchanges, ciphers, MACs and RSA
//     signature algorithms (rsa-sha2-512/256, never SHA-1 ssh-rsa). x/crypto
//     has no aes256-cbc: that is the one Deviation, returned by
//     Server.Deviations for the caller to print at start-up. A policy the
//     library cannot honour in this process (unknown name, GODEBUG=fips140=on
//     removing curve25519) makes New fail instead of serving less.
//     x/crypto also lists the pseudo-algorithm kex-strict-s-v00@openssh.com
//     (the Terrapin countermeasure) in its key exchange offer.
//   - Authentication: two factors on one connection, like OpenSSH's
//     "AuthenticationMethods publickey,password": an RSA key of at least 2048
//     bits listed for the user, then the user's password (bcrypt). Either
//     alone, or "none", never logs in.
//   - Session: only the "sftp" subsystem; shell, exec, pty, env, X11, agent
//     and port forwarding are refused. The OLO's Root is "/", served through
//     os.OpenRoot: "..", absolute paths and symlinks cannot leave it, only
//     regular files and directories are shown, and every write is refused
//     (SETSTAT of times or modes is accepted and ignored, as clients send it
//     after downloads).
//
// Every refusal, login, download (with the bytes actually read) and
// disconnection is one JSON line in Config.Audit; Config.Logger gets one
// readable line per connection outcome.
package sftpd
