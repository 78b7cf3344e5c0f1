/**
 * The responsive email layout around every body: a fluid single column up to 600 px, inline styles only
 * (mail clients drop <style> rules unevenly), brand slots filled by Liquid with escaping on.
 * Authored once here, parsed once per process; nothing is compiled per send.
 */
export const HTML_LAYOUT = `<!DOCTYPE html>
<html lang="{{ locale }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>{{ subject }}</title>
</head>
<body style="margin:0;padding:0;background:#F1F2F4;">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">{{ preheader }}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#F1F2F4;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#FFFFFF;border-radius:8px;">
<tr><td style="padding:24px 24px 8px 24px;border-top:4px solid {{ brand.primaryColor }};border-radius:8px 8px 0 0;">
{% if brand.logoUrl != "" %}<img src="{{ brand.logoUrl }}" alt="{{ brand.portalName }}" height="40" style="display:block;height:40px;max-width:100%;border:0;">{% else %}<div style="font:bold 20px/1.3 Arial,Helvetica,sans-serif;color:#172B4D;">{{ brand.portalName }}</div>{% endif %}
</td></tr>
<tr><td style="padding:8px 24px 24px 24px;font:16px/1.5 Arial,Helvetica,sans-serif;color:#172B4D;word-wrap:break-word;overflow-wrap:anywhere;">
{{ body | raw }}
</td></tr>
<tr><td style="padding:16px 24px 24px 24px;border-top:1px solid #DCDFE4;font:12px/1.5 Arial,Helvetica,sans-serif;color:#44546F;overflow-wrap:anywhere;">
{% if brand.companyName != "" %}<div><strong>{{ brand.companyName }}</strong></div>{% endif %}
{% if brand.footerAddress != "" %}<div>{{ brand.footerAddress }}</div>{% endif %}
{% if brand.footerPhone != "" or brand.footerEmail != "" %}<div>{{ brand.footerPhone }}{% if brand.footerPhone != "" and brand.footerEmail != "" %} · {% endif %}{% if brand.footerEmail != "" %}<a href="mailto:{{ brand.footerEmail }}" style="color:#44546F;">{{ brand.footerEmail }}</a>{% endif %}</div>{% endif %}
{% if brand.imprintUrl != "" or brand.privacyUrl != "" %}<div style="margin-top:8px;">{% if brand.imprintUrl != "" %}<a href="{{ brand.imprintUrl }}" style="color:#44546F;">{{ labels.imprint }}</a>{% endif %}{% if brand.imprintUrl != "" and brand.privacyUrl != "" %} · {% endif %}{% if brand.privacyUrl != "" %}<a href="{{ brand.privacyUrl }}" style="color:#44546F;">{{ labels.privacy }}</a>{% endif %}</div>{% endif %}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;

export const TEXT_LAYOUT = `{{ body }}

--
{% if brand.companyName != "" %}{{ brand.companyName }}
{% endif %}{% if brand.footerAddress != "" %}{{ brand.footerAddress }}
{% endif %}{% if brand.footerPhone != "" %}{{ brand.footerPhone }}
{% endif %}{% if brand.footerEmail != "" %}{{ brand.footerEmail }}
{% endif %}{% if brand.imprintUrl != "" %}{{ labels.imprint }}: {{ brand.imprintUrl }}
{% endif %}{% if brand.privacyUrl != "" %}{{ labels.privacy }}: {{ brand.privacyUrl }}
{% endif %}`;
