package priceimport

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"
)

// The generated offer file has the real AmazonEC2 layout (as the fixture
// ec2-offer.json and the public copies cited in docs/catalog-import.md):
// header strings, "products" keyed by SKU with their attributes, then
// "terms" with "OnDemand" and "Reserved" keyed by SKU, pretty-printed with
// AWS's " : " separators. Of each instance type, one SKU in eight is the
// Linux, shared, no-software, Used product the import keeps; the others
// are Windows, RHEL, dedicated, SQL Server and capacity reservations, and
// every SKU has seven Reserved terms, which is where the bulk of a real
// file is.

var genFamilies = []struct{ name, family, proc string }{
	{"m5", "General purpose", "Intel Xeon Platinum 8175"}, {"m6i", "General purpose", "Intel Xeon 8375C (Ice Lake)"},
	{"m7g", "General purpose", "AWS Graviton3 Processor"}, {"c6i", "Compute optimized", "Intel Xeon 8375C (Ice Lake)"},
	{"c7g", "Compute optimized", "AWS Graviton3 Processor"}, {"r6i", "Memory optimized", "Intel Xeon 8375C (Ice Lake)"},
	{"r7g", "Memory optimized", "AWS Graviton3 Processor"}, {"i4i", "Storage optimized", "Intel Xeon Ice Lake"},
	{"t3", "General purpose", "Intel Skylake E5 2686 v5"}, {"g5", "GPU instance", "AMD EPYC 7R32"},
}

var genSizes = []struct {
	name string
	vcpu int
}{{"medium", 1}, {"large", 2}, {"xlarge", 4}, {"2xlarge", 8}, {"4xlarge", 16}, {"8xlarge", 32}, {"12xlarge", 48}, {"16xlarge", 64}, {"24xlarge", 96}}

var genVariants = []struct{ os, tenancy, sw, capacity string }{
	{"Linux", "Shared", "NA", "Used"}, {"Windows", "Shared", "NA", "Used"}, {"RHEL", "Shared", "NA", "Used"},
	{"Linux", "Dedicated", "NA", "Used"}, {"Linux", "Shared", "SQL Std", "Used"}, {"Linux", "Shared", "NA", "AllocatedCapacityReservation"},
	{"Windows", "Shared", "SQL Ent", "Used"}, {"SUSE", "Host", "NA", "Used"},
}

// writeBigOffer writes an offer of at least target bytes and returns the
// number of SKUs and of instance types the import should keep.
func writeBigOffer(w io.Writer, target int64) (skus, kept int, err error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	cw := &countWriter{w: bw}
	fmt.Fprint(cw, "{\n  \"formatVersion\" : \"v1.0\",\n  \"disclaimer\" : \"This pricing list is for informational purposes only.\",\n"+
		"  \"offerCode\" : \"AmazonEC2\",\n  \"version\" : \"20261001000000\",\n  \"publicationDate\" : \"2026-10-01T00:00:00Z\",\n  \"products\" : {\n")
	// A product and its terms are about 7.4 KB; generate SKUs until the
	// estimate reaches target.
	n := int(target / 7400)
	types := map[string]bool{}
	sku := func(i int) string { return fmt.Sprintf("SKU%013d", i) }
	for i := 0; i < n; i++ {
		f := genFamilies[i%len(genFamilies)]
		s := genSizes[(i/len(genFamilies))%len(genSizes)]
		// A different generation name every 90 SKUs keeps the set of
		// types growing, as in a real file (~900 types).
		gen := (i / (len(genFamilies) * len(genSizes) * len(genVariants))) % 10
		v := genVariants[(i/(len(genFamilies)*len(genSizes)))%len(genVariants)]
		typ := f.name + strconv.Itoa(gen) + "x." + s.name
		gpu := ""
		if f.name == "g5" {
			gpu = "        \"gpu\" : \"1\",\n"
		}
		if v.os == "Linux" && v.tenancy == "Shared" && v.sw == "NA" && v.capacity == "Used" && s.name != "medium" && f.family != "Storage optimized" {
			types[typ] = true
		}
		sep := ",\n"
		if i == n-1 {
			sep = "\n"
		}
		fmt.Fprintf(cw, `    "%[1]s" : {
      "sku" : "%[1]s",
      "productFamily" : "Compute Instance",
      "attributes" : {
        "enhancedNetworkingSupported" : "Yes",
        "intelTurboAvailable" : "Yes",
        "memory" : "%[2]d GiB",
        "dedicatedEbsThroughput" : "Up to 4750 Megabits",
        "vcpu" : "%[3]d",
        "classicnetworkingsupport" : "false",
        "capacitystatus" : "%[4]s",
        "locationType" : "AWS Region",
        "storage" : "EBS only",
        "instanceFamily" : "%[5]s",
        "operatingSystem" : "%[6]s",
        "intelAvx2Available" : "Yes",
        "regionCode" : "us-east-1",
        "physicalProcessor" : "%[7]s",
        "clockSpeed" : "3.1 GHz",
        "ecu" : "10",
        "networkPerformance" : "Up to 10 Gigabit",
        "servicename" : "Amazon Elastic Compute Cloud",
%[8]s        "vpcnetworkingsupport" : "true",
        "instanceType" : "%[9]s",
        "tenancy" : "%[10]s",
        "usagetype" : "BoxUsage:%[9]s",
        "normalizationSizeFactor" : "4",
        "intelAvxAvailable" : "Yes",
        "processorFeatures" : "Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo",
        "servicecode" : "AmazonEC2",
        "licenseModel" : "No License required",
        "currentGeneration" : "Yes",
        "preInstalledSw" : "%[11]s",
        "location" : "US East (N. Virginia)",
        "processorArchitecture" : "64-bit",
        "marketoption" : "OnDemand",
        "operation" : "RunInstances:0002",
        "availabilityzone" : "NA"
      }
    }%[12]s`, sku(i), 4*s.vcpu, s.vcpu, v.capacity, f.family, v.os, f.proc, gpu, typ, v.tenancy, v.sw, sep)
	}
	fmt.Fprint(cw, "  },\n  \"terms\" : {\n    \"OnDemand\" : {\n")
	term := func(s, code, rate, unit, price, desc, attrs string) string {
		return fmt.Sprintf(`      "%[1]s.%[2]s" : {
        "offerTermCode" : "%[2]s",
        "sku" : "%[1]s",
        "effectiveDate" : "2026-09-01T00:00:00Z",
        "priceDimensions" : {
          "%[1]s.%[2]s.%[3]s" : {
            "unit" : "%[4]s",
            "endRange" : "Inf",
            "description" : "%[6]s",
            "appliesTo" : [ ],
            "rateCode" : "%[1]s.%[2]s.%[3]s",
            "beginRange" : "0",
            "pricePerUnit" : {
              "USD" : "%[5]s"
            }
          }
        },
        "termAttributes" : { %[7]s}
      }`, s, code, rate, unit, price, desc, attrs)
	}
	for i := 0; i < n; i++ {
		sep := ",\n"
		if i == n-1 {
			sep = "\n"
		}
		price := strconv.FormatFloat(0.048*float64(genSizes[(i/len(genFamilies))%len(genSizes)].vcpu)+float64(i%7)*0.001, 'f', 10, 64)
		fmt.Fprintf(cw, "    \"%s\" : {\n%s\n    }%s", sku(i), term(sku(i), "JRTCKXETXF", "6YS6EN2CT7", "Hrs", price, "$"+price+" per On Demand Linux Instance Hour", ""), sep)
	}
	fmt.Fprint(cw, "    },\n    \"Reserved\" : {\n")
	codes := []string{"4NA7Y494T4", "6QCMYABX3D", "7NE97W5U4E", "BPH4J8HBKS", "CUZHX8X6JH", "HU7G6KETJZ", "MZU6U2429S"}
	for i := 0; i < n; i++ {
		fmt.Fprintf(cw, "    \"%s\" : {\n", sku(i))
		for j, c := range codes {
			sep := ",\n"
			if j == len(codes)-1 {
				sep = "\n"
			}
			fmt.Fprint(cw, term(sku(i), c, "2TG2D8R56U", "Hrs", "0.0410000000", "Linux/UNIX (Amazon VPC), reserved instance applied",
				`"LeaseContractLength" : "1yr", "OfferingClass" : "standard", "PurchaseOption" : "No Upfront" `), sep)
		}
		sep := ",\n"
		if i == n-1 {
			sep = "\n"
		}
		fmt.Fprintf(cw, "    }%s", sep)
	}
	fmt.Fprint(cw, "    }\n  }\n}\n")
	if cw.err != nil {
		return 0, 0, cw.err
	}
	return n, len(types), bw.Flush()
}

type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(b []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(b)
	c.n += int64(n)
	c.err = err
	return n, err
}

// peakHeap samples HeapInuse until stop is closed and returns the peak.
func peakHeap(stop <-chan struct{}) <-chan uint64 {
	out := make(chan uint64, 1)
	go func() {
		var peak uint64
		var ms runtime.MemStats
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak {
				peak = ms.HeapInuse
			}
			select {
			case <-stop:
				out <- peak
				return
			case <-t.C:
			}
		}
	}()
	return out
}

func importPath(tb testing.TB, path string) *Sheet {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	im := New(Options{Retrieved: "2026-11-26"})
	format, r, err := Detect(path, f)
	if err != nil {
		tb.Fatal(err)
	}
	if err := im.Add(path, format, r); err != nil {
		tb.Fatal(err)
	}
	s, err := im.Sheet()
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// TestGeneratedOffer imports a 20 MB generated offer: the generator's
// layout is one the reader reads, and every kept type lands.
func TestGeneratedOffer(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "AmazonEC2.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	_, kept, err := writeBigOffer(f, 20<<20)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	s := importPath(t, path)
	types := 0
	for _, e := range s.Entries {
		if len(e.ID) > 7 && e.ID[len(e.ID)-7:] == ".hourly" {
			types++
		}
	}
	if types != kept || kept == 0 {
		t.Errorf("imported %d types, the generator wrote %d keepable ones", types, kept)
	}
}

// BenchmarkImportEC2Offer1GB generates a ~1 GB AmazonEC2 offer file in the
// real layout and imports it, reporting MB/s and the peak heap in use.
// Run: go test ./internal/priceimport -run '^$' -bench ImportEC2Offer1GB -benchtime 1x
func BenchmarkImportEC2Offer1GB(b *testing.B) {
	if testing.Short() {
		b.Skip("generates a 1 GB file; skipped under -short")
	}
	path := filepath.Join(b.TempDir(), "AmazonEC2-us-east-1.json")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	skus, kept, err := writeBigOffer(f, 1<<30)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		b.Fatal(err)
	}
	fi, _ := os.Stat(path)
	b.Logf("generated %s: %.0f MB, %d SKUs, %d types to keep, in %s", filepath.Base(path), float64(fi.Size())/1e6, skus, kept, time.Since(start).Round(time.Second))
	runtime.GC()
	b.SetBytes(fi.Size())
	b.ResetTimer()
	var peak uint64
	for i := 0; i < b.N; i++ {
		stop := make(chan struct{})
		var once sync.Once
		res := peakHeap(stop)
		s := importPath(b, path)
		once.Do(func() { close(stop) })
		if p := <-res; p > peak {
			peak = p
		}
		if len(s.Entries) == 0 || kept == 0 {
			b.Fatalf("imported %d entries", len(s.Entries))
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(fi.Size())/1e6, "file-MB")
}
