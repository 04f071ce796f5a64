package pricing

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/errs"
)

// TestMoreOfferingsFindEveryID runs every GCP, Azure, Cloudflare and Vercel
// offering through each of its branches against the embedded catalog. An
// offering reads all its ids through a catalog lookup that fails on a
// missing id, so this fails if any id an offering uses is missing.
func TestMoreOfferingsFindEveryID(t *testing.T) {
	t.Parallel()
	c := moreCatalog(t)
	type biller interface {
		Bill(*catalog.Catalog) (*Bill, error)
	}
	all := []biller{
		CloudRun{Requests: 1e6, DurationMS: 100, MinInstances: 1, Hours: 1, FreeTier: true},
		CloudRun{Requests: 1e6, DurationMS: 100, InstanceBased: true, GPUs: 1, VCPU: 4, MemoryMB: 16384, FreeTier: true},
		GKE{Clusters: 1, Hours: 1, FreeTier: true},
		AzureFunctions{Executions: 1, DurationMS: 1, FreeTier: true},
		AzureFunctions{Plan: "flex", Executions: 1, DurationMS: 1, FreeTier: true, AlwaysReadyInstances: 1, Hours: 1},
		Workers{Requests: 1, CPUMSPerRequest: 1},
		GCPLoadBalancer{Rules: 6, Hours: 1, GBProcessed: 1},
		AzureLoadBalancer{Rules: 6, Hours: 1, GBProcessed: 1},
		CloudNAT{Gateways: 1, Hours: 1, GBProcessed: 1, VMs: 1, IPs: 1},
		CloudNAT{Gateways: 1, Hours: 1, GBProcessed: 1},
		AzureNAT{Gateways: 1, Hours: 1, GBProcessed: 1},
		PersistentDisk{Provider: "gcp", GBMonths: 1},
		PersistentDisk{Provider: "azure", GBMonths: 1},
	}
	for _, mb := range cloudFunctionTiers {
		all = append(all, CloudFunctions{Invocations: 1, DurationMS: 1, MemoryMB: mb, FreeTier: true})
	}
	for _, tier := range AKSTiers {
		all = append(all, AKS{Tier: tier, Clusters: 1, Hours: 1})
	}
	for _, plan := range VercelPlans {
		all = append(all, Vercel{Invocations: 1, ActiveCPUMSPerInvocation: 1, DurationMS: 1, Plan: plan})
	}
	wantGCE := GCEMachineTypes(c)
	for _, typ := range []string{"e2-standard-2", "e2-standard-4", "g2-standard-4", "n1-standard-4-t4", "n2-standard-2", "n2-highmem-64", "t2a-standard-48"} {
		if !slices.Contains(wantGCE, typ) {
			t.Errorf("GCE machine types %v lack %s", wantGCE, typ)
		}
	}
	for _, typ := range wantGCE {
		all = append(all, GCE{MachineType: typ, Count: 1, Hours: 1})
		if _, err := GCENode(c, typ); err != nil {
			t.Errorf("GCENode(%s): %v", typ, err)
		}
	}
	wantVM := AzureVMSizes(c)
	for _, size := range []string{"Standard_B2s", "Standard_D2s_v5", "Standard_D4s_v5", "Standard_NC4as_T4_v3", "Standard_D64ps_v5", "Standard_E64s_v5", "Standard_F64s_v2"} {
		if !slices.Contains(wantVM, size) {
			t.Errorf("Azure VM sizes %v lack %s", wantVM, size)
		}
	}
	for _, size := range wantVM {
		all = append(all, AzureVM{Size: size, Count: 1, Hours: 1})
		if _, err := AzureVMNode(c, size); err != nil {
			t.Errorf("AzureVMNode(%s): %v", size, err)
		}
	}
	for _, o := range all {
		b, err := o.Bill(c)
		if err != nil {
			t.Errorf("%T%+v: %v", o, o, err)
			continue
		}
		if len(b.LineItems) == 0 || len(b.Sources) == 0 {
			t.Errorf("%T: bill has no lines or no sources", o)
		}
		for _, li := range b.LineItems {
			if !strings.HasPrefix(li.Source, "http") {
				t.Errorf("%T line %q has no source URL", o, li.Name)
			}
		}
	}
}

// TestMorePlatformLimitsAndAttestations checks that each platform has its
// limit entries and a 0/1 attestation for every compliance programme.
func TestMorePlatformLimitsAndAttestations(t *testing.T) {
	t.Parallel()
	c := moreCatalog(t)
	serverless := []string{"gcp-cloud-run", "gcp-cloud-functions", "cloudflare-workers", "vercel-functions", "azure-functions"}
	// limits.yaml (the advisor's feasibility data) and this task's sheets
	// together must give each platform these limits.
	var ids []string
	for _, p := range append(serverless, "gke", "aks") {
		ids = append(ids, "limits."+p+".max_memory_mb", "limits."+p+".gpu", "limits."+p+".max_execution_s")
	}
	ids = append(ids, "limits.gcp-cloud-run.max_vcpu", "limits.gcp-cloud-run.max_concurrency", "limits.gcp-cloud-functions.max_concurrency",
		"limits.azure-functions.max_concurrency_flex", "limits.vercel-functions.max_concurrency", "limits.cloudflare-workers.max_cpu_ms",
		"limits.cloudflare-workers.max_cpu_ms_cron", "limits.vercel-functions.max_execution_s_hobby", "limits.vercel-functions.max_memory_mb_hobby",
		"limits.gke.max_pods_per_node", "limits.aks.max_pods_per_node")
	for _, id := range ids {
		e, err := c.Get(id)
		if err != nil {
			t.Error(err)
			continue
		}
		if e.Kind != catalog.KindLimit {
			t.Errorf("%s: kind %s, want limit", id, e.Kind)
		}
	}
	for _, p := range append(serverless, "gke", "aks") {
		for _, prog := range []string{"hipaa", "pci", "soc2", "fedramp", "fedramp_high"} {
			id := p + ".attested." + prog
			e, err := c.Get(id)
			if err != nil {
				t.Error(err)
				continue
			}
			if e.Kind != catalog.KindAttested || (e.Float() != 0 && e.Float() != 1) || e.Source == "" {
				t.Errorf("%s: kind %s value %s source %q, want attested 0 or 1 with a source", id, e.Kind, e.Value, e.Source)
			}
		}
	}
	// Confidence tags are the reference file's: O, O-t, PL, S, U.
	for _, id := range c.IDs() {
		e := c.Entries[id]
		if e.Provider == "aws" || e.Provider == "limits" {
			continue
		}
		switch e.Confidence {
		case "O", "O-t", "PL", "S", "U":
		default:
			t.Errorf("%s: confidence %q, want one of O, O-t, PL, S, U", id, e.Confidence)
		}
	}
}

// TestMoreOfferingsRejectNaNAndInf checks that odd floats from a spec or a
// flag are invalid-input errors, never a panic inside decimal conversion.
func TestMoreOfferingsRejectNaNAndInf(t *testing.T) {
	t.Parallel()
	c := moreCatalog(t)
	type biller interface {
		Bill(*catalog.Catalog) (*Bill, error)
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), -1} {
		for _, o := range []biller{
			CloudRun{Requests: bad}, CloudRun{ActiveInstanceSeconds: bad}, CloudFunctions{DurationMS: bad},
			GKE{Hours: bad}, GCE{MachineType: "e2-standard-2", Count: bad}, AKS{Clusters: bad},
			AzureVM{Size: "Standard_B2s", Hours: bad}, AzureFunctions{MemoryMB: bad}, AzureFunctions{Plan: "flex", Concurrency: bad},
			Workers{CPUMSPerRequest: bad}, Vercel{Concurrency: bad}, GCPLoadBalancer{GBProcessed: bad},
			CloudNAT{VMs: bad}, AzureLoadBalancer{Rules: bad}, AzureNAT{Hours: bad}, PersistentDisk{Provider: "gcp", GBMonths: bad},
		} {
			_, err := o.Bill(c)
			if err == nil || errs.KindOf(err) != errs.Invalid {
				t.Errorf("%T with %v: err %v, want an invalid-input error", o, bad, err)
			}
		}
	}
}
