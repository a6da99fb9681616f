package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/webhook"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
)

// runWebhook serves bench/webhook's validating webhook with controller-runtime's webhook server and
// admission package: the Demo decoded, spec.name read, refused when it is "refuse" (the bench's
// probe that the webhook is in the path). Its self-signed certificate for 127.0.0.1 is written to
// CERT_DIR (tls.crt, tls.key), where the bench reads it as the caBundle; WEBHOOK_PORT is the port.
func runWebhook() error {
	certDir := os.Getenv("CERT_DIR")
	port, err := strconv.Atoi(os.Getenv("WEBHOOK_PORT"))
	if certDir == "" || err != nil {
		return fmt.Errorf("CERT_DIR and WEBHOOK_PORT must be set")
	}
	if err := writeSelfSigned(certDir); err != nil {
		return err
	}
	server := webhook.NewServer(webhook.Options{Host: "127.0.0.1", Port: port, CertDir: certDir})
	server.Register("/validate/devoops.io/v1/demo", &webhook.Admission{Handler: admission.HandlerFunc(validateDemo)})
	ctx := ctrl.SetupSignalHandler()
	go func() {
		// Ready once it answers TLS; the bench waits for this line.
		for ctx.Err() == nil {
			if conn, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port))); err == nil {
				conn.Close()
				fmt.Println("serving")
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	return server.Start(ctx)
}

func validateDemo(_ context.Context, req admission.Request) admission.Response {
	var demo unstructured.Unstructured
	if err := demo.UnmarshalJSON(req.Object.Raw); err != nil {
		return admission.Errored(http.StatusBadRequest, err)
	}
	name, _, _ := unstructured.NestedString(demo.Object, "spec", "name")
	if name == "refuse" {
		return admission.Denied("spec.name must not be refuse")
	}
	return admission.Allowed("")
}

func writeSelfSigned(dir string) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	template := x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "127.0.0.1"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, &template, &template, &key.PublicKey, key)
	if err != nil {
		return err
	}
	keyDer, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "tls.crt"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "tls.key"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDer}), 0o600)
}
