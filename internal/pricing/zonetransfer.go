package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// ZoneTransfer is a month of data sent between the availability zones of
// one region of a cloud, or between its regions, over private addresses
// (one component calling another on the same cloud). Each cloud bills it
// its own way (docs/cost-model.md#calls):
//
//   - AWS: $0.01/GB out of the sending zone and $0.01/GB into the
//     receiving one ("Data Transfer within the same AWS Region"), so each
//     GB that crosses costs $0.02; between regions the sender pays $0.02/GB.
//   - Google Cloud: $0.01/GiB between zones, billed to the sender.
//   - Azure: free between zones today (announced, never started) [U].
type ZoneTransfer struct {
	// Cloud is aws, gcp or azure.
	Cloud string
	// CrossZoneGB is the GB that cross a zone boundary (both directions
	// together); CrossRegionGB the GB sent to another region (AWS only).
	CrossZoneGB, CrossRegionGB float64
}

// Bill prices the month.
func (x ZoneTransfer) Bill(c *catalog.Catalog) (*Bill, error) {
	const name = "zone-transfer"
	if err := checkInputs(name, field{"cross_zone_gb", x.CrossZoneGB}, field{"cross_region_gb", x.CrossRegionGB}); err != nil {
		return nil, err
	}
	l := c.Lookup()
	b := NewBill(name, c)
	switch x.Cloud {
	case "aws":
		az, region := l.Entry("aws.data_transfer.inter_az"), l.Entry("aws.data_transfer.inter_region")
		if err := l.Err(); err != nil {
			return nil, catalogErr(name, err)
		}
		b.Add("data transfer out of the sending zone", Dec(x.CrossZoneGB), "GB", az, HalfUp)
		b.Add("data transfer into the receiving zone", Dec(x.CrossZoneGB), "GB", az, HalfUp)
		if x.CrossRegionGB > 0 {
			b.Add("data transfer between regions", Dec(x.CrossRegionGB), "GB", region, HalfUp)
		}
	case "gcp", "azure":
		if x.CrossRegionGB > 0 {
			return nil, invalid(name, "cross_region_gb is priced on AWS only, not %s", x.Cloud)
		}
		if x.Cloud == "gcp" {
			e := l.Entry("gcp.network.inter_zone")
			if err := l.Err(); err != nil {
				return nil, catalogErr(name, err)
			}
			b.Add("data transfer between zones", Dec(x.CrossZoneGB*giBPerGB), "GiB", e, HalfUp)
		} else {
			e := l.Entry("azure.bandwidth.inter_zone")
			if err := l.Err(); err != nil {
				return nil, catalogErr(name, err)
			}
			b.Add("data transfer between zones", Dec(x.CrossZoneGB), "GB", e, HalfUp)
		}
	default:
		return nil, invalid(name, "cloud %q has no zones priced (valid: aws, gcp, azure)", x.Cloud)
	}
	return b, nil
}

// giBPerGB converts GB (10⁹ bytes) to GiB (2³⁰ bytes).
const giBPerGB = 1e9 / (1 << 30)
